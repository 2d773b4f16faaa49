using Microsoft.Extensions.Time.Testing;
using Traceability.Core.Lifecycle;
using Traceability.LineAgent.Storage;
using Traceability.Testing;
using static Traceability.LineAgent.Tests.Storage.StoreBuilders;

namespace Traceability.LineAgent.Tests.Storage;

public sealed class GroupCommitterTests : IDisposable
{
    private readonly SimulatedDisk _disk = new();
    private readonly ManualResetEventSlim _release = new();
    private readonly LineStore _store;

    public GroupCommitterTests() => _store = Open(maxGroupSize: 1024);

    [Fact]
    public async Task A_commit_completes_only_after_its_flush_to_disk()
    {
        using var flushing = new ManualResetEventSlim();
        _disk.BeforeFlush = file =>
        {
            if (file == _disk.Log)
            {
                flushing.Set();
                _release.Wait();
            }
        };

        var commit = Commit(tx => tx.RecordManualAction(Operator, "line.clearance", "line-1"));
        Assert.True(flushing.Wait(TimeSpan.FromSeconds(10)));

        Assert.False(commit.IsCompleted);
        _release.Set();
        await commit;
    }

    [Fact]
    public async Task Changes_queued_meanwhile_share_one_transaction_and_one_flush()
    {
        var wo = await RunningWorkOrder();
        var blocker = BlockCommitter();
        var before = _store.CommitterStatistics;
        var flushesBefore = _disk.Log.Flushes;

        var changes = Enumerable.Range(1, 100).Select(n => Commit(tx => tx.TakeSerial(wo, n))).ToList();
        _release.Set();
        await blocker;
        await Task.WhenAll(changes);

        // The flusher's own flushes, counted before it acknowledges: one may cover both groups. The disk's count of log
        // flushes is not pinned: flushes outside the flusher add to it (a checkpoint flushes the log first), and one
        // run of the whole suite on a machine at load 18 counted 3.
        var since = _store.CommitterStatistics.Since(before);
        Assert.Equal(2, since.Groups); // the blocker's group, then the hundred
        Assert.InRange(since.Flushes, 1, 2);
        Assert.True(_disk.Log.Flushes - flushesBefore >= since.Flushes, "the flusher's flushes reach the disk");
    }

    [Fact]
    public async Task A_group_holds_at_most_the_configured_number_of_changes()
    {
        using var store = new TestDiskStore(maxGroupSize: 10);
        var blocker = store.BlockCommitter();
        var before = store.Store.CommitterStatistics;

        var changes = Enumerable.Range(1, 35).Select(n => store.Store.CommitAsync(tx => tx.NextSequence("x"), CancellationToken.None)).ToList();
        store.Release.Set();
        await blocker;
        await Task.WhenAll(changes);

        var groups = store.Store.CommitterStatistics.Since(before);
        Assert.Equal(1 + 4, groups.Groups);
        Assert.Equal(1 + 35, groups.Changes);
    }

    [Fact]
    public async Task A_group_committed_while_the_previous_one_is_flushed_waits_for_a_flush_that_began_after_its_commit()
    {
        using var flushing = new ManualResetEventSlim();
        var held = false;
        _disk.BeforeFlush = file =>
        {
            // The first flush of the log (the flusher thread's) is held until released; later ones pass.
            if (file == _disk.Log && !held)
            {
                held = true;
                flushing.Set();
                _release.Wait();
            }
        };
        var flushesBefore = _disk.Log.Flushes;

        var first = Commit(tx => tx.RecordManualAction(Operator, "test.first", "a"));
        Assert.True(flushing.Wait(TimeSpan.FromSeconds(10)));
        var second = Commit(tx => tx.RecordManualAction(Operator, "test.second", "b"));

        // The second group runs and commits while the first one's fsync is still going on...
        await Eventually.TrueAsync(
            () => _store.ReadAudit(1, 100).Any(a => a.Action == "test.second"),
            () => "the second group did not commit while the first one was being flushed");
        Assert.False(first.IsCompleted);
        Assert.False(second.IsCompleted);

        // ...but that fsync began before its commit: it is acknowledged only after one more.
        _release.Set();
        await Task.WhenAll(first, second);
        Assert.Equal(2, _disk.Log.Flushes - flushesBefore);
    }

    [Fact]
    public async Task A_failing_change_fails_only_its_caller_and_leaves_nothing_behind()
    {
        var wo = await RunningWorkOrder();
        var blocker = BlockCommitter();
        var first = Commit(tx => tx.TakeSerial(wo, 1));
        var failing = Commit<UnitRecord>(tx =>
        {
            tx.TakeSerial(wo, 2);
            tx.RecordManualAction(Operator, "line.clearance", "x");
            throw new InvalidDataException("the printer said no");
        });
        var last = Commit(tx => tx.TakeSerial(wo, 3));

        _release.Set();
        await blocker;

        Assert.Equal("the printer said no", (await Assert.ThrowsAsync<InvalidDataException>(() => failing)).Message);
        Assert.Equal(["B-WO-1X00001", "B-WO-1X00002"], new[] { (await first).Key.Serial.Value, (await last).Key.Serial.Value });
        Assert.Equal(2, _store.PoolStatus(Gtin).Taken);
        Assert.DoesNotContain(_store.ReadAudit(1, 100), a => a.Action == "line.clearance");
        Assert.True(_store.VerifyAuditChain().IsIntact);
    }

    [Fact]
    public async Task A_rolled_back_change_leaves_no_trace_in_the_unit_documents_the_committer_keeps_between_groups()
    {
        // The committer keeps serial documents across groups and a change edits them in place: a rollback must drop them.
        var wo = await RunningWorkOrder();
        var unit = (await Commit(tx => tx.TakeSerial(wo, 1))).Key;
        var blocker = BlockCommitter();
        var failing = Commit<UnitRecord>(tx =>
        {
            tx.RecordPrinted(unit);
            throw new InvalidDataException("the printer said no");
        });
        var seen = Commit(tx => tx.FindUnit(unit)!.State);

        _release.Set();
        await blocker;

        await Assert.ThrowsAsync<InvalidDataException>(() => failing);
        Assert.Equal(SerialState.Allocated, await seen);
        Assert.Equal(SerialState.Encoded, (await Commit(tx => tx.RecordPrinted(unit))).State);
    }

    [Fact]
    public async Task The_log_is_checkpointed_into_the_data_file_once_the_committer_has_nothing_queued()
    {
        // A few hundred pages of log: past the idle threshold, far below LiteDB's own (1,000 pages).
        await Commit(tx => tx.ReceiveSerialBlock(Block("B-BIG", 4000)));

        await Eventually.TrueAsync(
            () => _disk.Log.Length < LineStore.IdleCheckpointPages * 8192L,
            () => $"the log still holds {_disk.Log.Length / 8192} pages");
        Assert.Equal(4000, _store.PoolStatus(Gtin).Received);
    }

    [Fact]
    public async Task Changes_apply_in_the_order_they_were_submitted()
    {
        var changes = Enumerable.Range(0, 50)
            .Select(i => Commit(tx => tx.RecordManualAction(Operator, "test.order", i.ToString(System.Globalization.CultureInfo.InvariantCulture))))
            .ToList();
        await Task.WhenAll(changes);

        Assert.Equal(Enumerable.Range(0, 50).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), _store.ReadAudit(1, 100).Select(a => a.Subject));
    }

    [Fact]
    public async Task A_change_that_swallows_a_refusal_and_carries_on_fails_as_a_whole()
    {
        var wo = await RunningWorkOrder();
        await Commit(tx => tx.PauseWorkOrder(wo, Operator));
        var auditBefore = _store.ReadAudit(1, 100).Count;

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => Commit(tx =>
        {
            try
            {
                tx.TakeSerial(wo, 1);
            }
            catch (InvalidOperationException)
            {
                // The wrong thing to do: LiteDB may have rolled the transaction back already.
            }

            return tx.RecordManualAction(Operator, "line.clearance", "after a refusal");
        }));

        Assert.Contains("carried on after the store refused", e.Message, StringComparison.Ordinal);
        Assert.Equal(auditBefore, _store.ReadAudit(1, 100).Count);
    }

    [Fact]
    public async Task A_change_cancelled_before_it_started_is_dropped()
    {
        var blocker = BlockCommitter();
        using var cancel = new CancellationTokenSource();
        var cancelled = _store.CommitAsync(tx => tx.RecordManualAction(Operator, "test.cancel", "dropped"), cancel.Token);

        await cancel.CancelAsync();
        _release.Set();
        await blocker;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        await Commit(tx => tx.NextSequence("barrier"));
        Assert.DoesNotContain(_store.ReadAudit(1, 100), a => a.Action == "test.cancel");
    }

    [Fact]
    public async Task A_failed_flush_faults_the_store_and_nothing_more_is_accepted()
    {
        await Commit(tx => tx.RecordManualAction(Operator, "test.before", "kept"));
        _disk.BeforeFlush = file => throw new IOException("EIO: the disk is gone");

        var failed = await Assert.ThrowsAsync<LineStoreFaultedException>(() => Commit(tx => tx.RecordManualAction(Operator, "test.lost", "x")));
        var after = await Assert.ThrowsAsync<LineStoreFaultedException>(() => Commit(tx => tx.NextSequence("x")));

        Assert.Contains("flush to disk", failed.Message, StringComparison.Ordinal);
        Assert.IsType<IOException>(failed.InnerException);
        Assert.Same(failed, after);
    }

    [Fact]
    public async Task Closing_the_store_finishes_the_queued_changes()
    {
        var changes = Enumerable.Range(0, 200).Select(_ => Commit(tx => tx.NextSequence("n"))).ToList();

        _store.Dispose();

        Assert.Equal(Enumerable.Range(1, 200).Select(i => (long)i), (await Task.WhenAll(changes)).Order());
        await Assert.ThrowsAsync<ObjectDisposedException>(() => Commit(tx => tx.NextSequence("n")));
    }

    public void Dispose()
    {
        _release.Set();
        _store.Dispose();
        _release.Dispose();
    }

    private Task<T> Commit<T>(Func<LineStoreTransaction, T> change) => _store.CommitAsync(change, CancellationToken.None);

    private Task BlockCommitter() => TestDiskStore.BlockCommitter(_store, _release);

    private async Task<string> RunningWorkOrder()
    {
        var spec = new WorkOrderBuilder().Build();
        await Commit(tx =>
        {
            tx.ReceiveWorkOrder(spec);
            tx.ReceiveSerialBlock(Block("B-WO-1", 200));
            return tx.StartWorkOrder(spec.Id, Operator);
        });
        return spec.Id;
    }

    private LineStore Open(int maxGroupSize) => TestDiskStore.Open(_disk, new LineStoreOptions { LineId = "line-1", MaxGroupSize = maxGroupSize });
}

/// <summary>A line store on a <see cref="SimulatedDisk"/>.</summary>
internal sealed class TestDiskStore : IDisposable
{
    public TestDiskStore(int maxGroupSize = 1024, SimulatedDisk? disk = null, bool flushToDisk = true)
    {
        Disk = disk ?? new SimulatedDisk();
        Store = Open(Disk, new LineStoreOptions { LineId = "line-1", MaxGroupSize = maxGroupSize, FlushToDisk = flushToDisk });
    }

    public static LineStore Open(SimulatedDisk disk, LineStoreOptions options)
    {
#pragma warning disable CA2000 // The store owns the medium and disposes it, also when opening fails.
        return LineStore.Open(options, disk.Medium(), new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 8, 0, 0, TimeSpan.Zero)), null);
#pragma warning restore CA2000
    }

    public SimulatedDisk Disk { get; }

    public LineStore Store { get; }

    public ManualResetEventSlim Release { get; } = new();

    /// <summary>Holds the committer thread inside a change until <paramref name="release"/> is set, so the next changes queue up.</summary>
    public static Task BlockCommitter(LineStore store, ManualResetEventSlim release)
    {
        using var entered = new ManualResetEventSlim();
        var blocker = store.CommitAsync(_ =>
        {
            entered.Set();
            release.Wait();
        }, CancellationToken.None);
        Assert.True(entered.Wait(TimeSpan.FromSeconds(10)));
        return blocker;
    }

    public Task BlockCommitter() => BlockCommitter(Store, Release);

    public void Dispose()
    {
        Release.Set();
        try
        {
            Store.Dispose();
        }
        catch (IOException) when (Disk.PoweredOff)
        {
            // Closing a store whose disk lost power fails to checkpoint; the test looks at the rebooted disk instead.
        }

        Release.Dispose();
    }
}
