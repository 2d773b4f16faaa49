using Traceability.LineAgent.CrashTarget;
using Traceability.LineAgent.Storage;

namespace Traceability.LineAgent.Tests.Storage.Crash;

/// <summary>
/// Power loss, simulated in-process: the disk keeps only what was flushed (fsync), plus a random prefix of the
/// unflushed writes. Unlike a kill -9, this loses the operating system's cache, so it is the test that shows the
/// store's fsync matters.
/// </summary>
public sealed class PowerLossTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public async Task Nothing_acknowledged_is_lost_when_the_power_fails_at_random_points(int seed)
    {
        var random = new Random(seed);
        var disk = new SimulatedDisk();
        var acked = new AckLedger();
        for (var boot = 1; boot <= 4; boot++)
        {
            // Odd boots lose power while an fsync is under way (the store must not have acknowledged that group);
            // even boots at a random moment seen from outside (right after an acknowledgement).
            await RunUntilPowerLossAsync(disk, acked, seed * 10 + boot,
                cutAfterAcks: boot % 2 == 0 ? acked.Lines + random.Next(50, 1500) : int.MaxValue,
                cutDuringLogFlush: boot % 2 == 1 ? random.Next(20, 400) : null,
                keepUnflushed: n => random.Next(n + 1), flushToDisk: true);
            disk = disk.Reboot();
            using var reopened = new TestDiskStore(disk: disk);
            var violations = StoreInvariants.Check(reopened.Store, acked);
            Assert.True(violations.Count == 0, $"boot {boot}: " + string.Join(Environment.NewLine, violations.Take(20)));
        }

        Assert.True(acked.UnitStates.Count > 100, $"only {acked.UnitStates.Count} units were acknowledged");
    }

    [Fact]
    public async Task Without_the_flush_to_disk_a_power_loss_takes_acknowledged_changes_with_it()
    {
        // The check above can fail: with the fsync switched off, commits stop in the (simulated) page cache. A
        // checkpoint still flushes the data file, so a cut that happens to follow one (the committer idled on a slow
        // machine) loses nothing acknowledged; another run, on a fresh disk, cuts elsewhere.
        var attempts = new List<int>();
        for (var seed = 7; seed < 12; seed++)
        {
            var disk = new SimulatedDisk();
            var acked = new AckLedger();
            await RunUntilPowerLossAsync(disk, acked, seed, cutAfterAcks: 400, cutDuringLogFlush: null, keepUnflushed: _ => 0, flushToDisk: false);

            using var reopened = new TestDiskStore(disk: disk.Reboot());
            var violations = StoreInvariants.Check(reopened.Store, acked);
            if (violations.Any(v => v.StartsWith("acknowledged unit", StringComparison.Ordinal)))
            {
                return;
            }

            attempts.Add(violations.Count);
        }

        Assert.Fail($"no power loss took an acknowledged unit with it ({attempts.Count} runs; other violations per run: {string.Join(", ", attempts)})");
    }

    [Fact]
    public async Task LiteDB_writes_a_commit_before_Commit_returns_so_nothing_waits_in_the_process()
    {
        // Why a kill -9 cannot lose an acknowledged change even without the fsync: LiteDB 5.0.21 writes the group's
        // log pages (DiskService.WriteLogDisk) inside Commit(), and the store's file streams are unbuffered. If a
        // LiteDB upgrade brought back an in-process write queue (as 5.0's DiskWriterQueue was), this fails.
        using var store = new TestDiskStore(flushToDisk: false);
        var before = store.Disk.Log.Length;
        var writesBefore = store.Disk.UnflushedWrites;

        await store.Store.CommitAsync(tx => tx.RecordManualAction(StoreBuilders.Operator, "line.clearance", "line-1"), CancellationToken.None);

        Assert.True(store.Disk.Log.Length > before, "the log did not grow");
        Assert.True(store.Disk.UnflushedWrites > writesBefore, "nothing reached the file");
    }

    private static async Task RunUntilPowerLossAsync(
        SimulatedDisk disk, AckLedger acked, int seed, int cutAfterAcks, int? cutDuringLogFlush, Func<int, int> keepUnflushed, bool flushToDisk)
    {
        using var running = new TestDiskStore(disk: disk, flushToDisk: flushToDisk);
        using var stop = new CancellationTokenSource();
        var logFlushes = 0;
        disk.BeforeFlush = file =>
        {
            if (file == disk.Log && ++logFlushes == cutDuringLogFlush)
            {
                // An fsync takes a while; whatever the store acknowledges meanwhile is not on disk yet.
                Thread.Sleep(2);
                disk.PowerLoss(keepUnflushed);
                stop.Cancel();
                throw new IOException("The power failed during the fsync.");
            }
        };
        var workload = new LineWorkload(running.Store, line =>
        {
            acked.Add(line);
            if (acked.Lines >= cutAfterAcks && !disk.PoweredOff)
            {
                disk.PowerLoss(keepUnflushed);
                stop.Cancel();
            }
        }, seed);

        await workload.SetUpAsync(CancellationToken.None);
        await workload.RecoverAsync(CancellationToken.None);
        try
        {
            await workload.RunAsync(workers: 6, stop.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or LineStoreFaultedException or IOException)
        {
            // The power is off: the workers stop on the failed flush or on the cancellation.
        }

        Assert.True(disk.PoweredOff, "the workload stopped before the power failed");
    }
}
