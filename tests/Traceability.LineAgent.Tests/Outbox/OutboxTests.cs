using Traceability.Contracts.Line.V1;
using Traceability.LineAgent.Tests.Storage;
using static Traceability.LineAgent.Tests.Storage.StoreBuilders;

namespace Traceability.LineAgent.Tests.Outbox;

public sealed class OutboxTests : IDisposable
{
    private readonly TestStore _store = new();

    [Fact]
    public async Task Events_get_gap_free_sequences_from_one_and_unique_ids()
    {
        var wo = await _store.RunningWorkOrderAsync();
        await Task.WhenAll(Enumerable.Range(1, 50).Select(n => _store.VerifiedUnitAsync(wo, n)));

        var pending = _store.Store.Outbox.ReadPending(1000);

        Assert.Equal(Enumerable.Range(1, 50).Select(i => (long)i), pending.Select(e => e.Sequence));
        Assert.Equal(50, pending.Select(e => e.EventId).Distinct().Count());
        Assert.All(pending, e => Assert.Equal((e.Sequence, e.EventId.ToString()), (e.ToEvent().Sequence, e.ToEvent().EventId)));
        Assert.All(pending, e => Assert.Equal(wo, e.ToEvent().WorkOrderId));
    }

    [Fact]
    public async Task The_event_time_comes_from_the_clock()
    {
        var wo = await _store.RunningWorkOrderAsync();
        _store.Time.Advance(TimeSpan.FromSeconds(90));

        await _store.VerifiedUnitAsync(wo, 1);

        Assert.Equal(new DateTimeOffset(2026, 11, 25, 8, 1, 30, TimeSpan.Zero), _store.Store.Outbox.ReadPending(1)[0].ToEvent().OccurredAt.ToDateTimeOffset());
    }

    [Fact]
    public async Task Acknowledged_events_are_not_pending_and_the_rest_survive_a_reopen()
    {
        var wo = await _store.RunningWorkOrderAsync();
        for (var n = 1; n <= 5; n++)
        {
            await _store.VerifiedUnitAsync(wo, n);
        }

        await _store.Store.Outbox.MarkAcknowledgedAsync(3, CancellationToken.None);
        var reopened = _store.Reopen();

        Assert.Equal((3L, 5L, 2L), (reopened.Outbox.AcknowledgedSequence, reopened.Outbox.DurableSequence, reopened.Outbox.PendingCount));
        Assert.Equal([4L, 5], reopened.Outbox.ReadPending(10).Select(e => e.Sequence));
        Assert.Equal([2L, 3], reopened.Outbox.Read(2, 2).Select(e => e.Sequence));
    }

    [Fact]
    public async Task A_late_acknowledgement_changes_nothing()
    {
        var wo = await _store.RunningWorkOrderAsync();
        await _store.VerifiedUnitAsync(wo, 1);
        await _store.VerifiedUnitAsync(wo, 2);
        await _store.Store.Outbox.MarkAcknowledgedAsync(2, CancellationToken.None);

        await _store.Store.Outbox.MarkAcknowledgedAsync(1, CancellationToken.None);

        Assert.Equal(2, _store.Store.Outbox.AcknowledgedSequence);
    }

    [Fact]
    public async Task An_acknowledgement_beyond_the_last_event_is_refused_with_both_numbers()
    {
        var wo = await _store.RunningWorkOrderAsync();
        await _store.VerifiedUnitAsync(wo, 1);

        var e = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _store.Store.Outbox.MarkAcknowledgedAsync(9, CancellationToken.None));

        Assert.Contains("acknowledged event 9, but the outbox holds events 1 to 1", e.Message, StringComparison.Ordinal);
        Assert.Equal(0, _store.Store.Outbox.AcknowledgedSequence);
    }

    [Fact]
    public async Task A_rolled_back_change_leaves_no_gap_in_the_sequence()
    {
        var wo = await _store.RunningWorkOrderAsync();
        await _store.VerifiedUnitAsync(wo, 1);
        await Assert.ThrowsAsync<InvalidOperationException>(() => _store.Commit(tx =>
        {
            tx.RecordVerified(tx.TakeSerial(wo, 2).Key);
            throw new InvalidOperationException("the reader disagreed after all");
        }));
        await _store.VerifiedUnitAsync(wo, 3);

        Assert.Equal([1L, 2], _store.Store.Outbox.ReadPending(10).Select(e => e.Sequence));
        Assert.Equal(["B-WO-1X00001", "B-WO-1X00002"], _store.Store.Outbox.ReadPending(10).Select(e => e.ToEvent().UnitCommissioned.Unit.Serial));
    }

    [Fact]
    public async Task A_waiting_sender_wakes_when_an_event_is_durable()
    {
        var wo = await _store.RunningWorkOrderAsync();
        var waiting = _store.Store.Outbox.WaitForEventsAsync(0, CancellationToken.None);
        Assert.False(waiting.IsCompleted);

        await _store.VerifiedUnitAsync(wo, 1);

        await waiting.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(_store.Store.Outbox.WaitForEventsAsync(0, CancellationToken.None).IsCompleted);
    }

    [Fact]
    public async Task A_waiting_sender_learns_that_the_store_closed()
    {
        var waiting = _store.Store.Outbox.WaitForEventsAsync(0, CancellationToken.None);

        _store.Store.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => waiting);
    }

    public void Dispose() => _store.Dispose();
}

public sealed class OutboxDurabilityTests
{
    [Fact]
    public async Task An_event_committed_but_not_yet_flushed_is_not_handed_to_the_sender()
    {
        // If the sender could read it, central might store sequence n, and a power loss before the flush would
        // give n to a different event after the restart.
        using var store = new TestDiskStore();
        using var flushing = new ManualResetEventSlim();
        await store.Store.CommitAsync(tx =>
        {
            tx.ReceiveWorkOrder(new WorkOrderBuilder().Build());
            tx.ReceiveSerialBlock(Block("B1", 1));
            tx.StartWorkOrder("WO-1", Operator);
        }, CancellationToken.None);
        store.Disk.BeforeFlush = file =>
        {
            if (file == store.Disk.Log)
            {
                flushing.Set();
                store.Release.Wait();
            }
        };

        var commit = store.Store.CommitAsync(tx => tx.RecordVerified(tx.TakeSerial("WO-1", 1).Key), CancellationToken.None);
        Assert.True(flushing.Wait(TimeSpan.FromSeconds(10)));

        Assert.Equal(Core.Lifecycle.SerialState.Commissioned, Assert.Single(store.Store.UnitsOf("WO-1")).State); // committed, readable
        Assert.Empty(store.Store.Outbox.ReadPending(10)); // but not durable, so not for the sender
        Assert.Equal(0, store.Store.Outbox.DurableSequence);
        store.Release.Set();
        await commit;
        Assert.Equal(LineEvent.BodyOneofCase.UnitCommissioned, Assert.Single(store.Store.Outbox.ReadPending(10)).ToEvent().BodyCase);
    }
}
