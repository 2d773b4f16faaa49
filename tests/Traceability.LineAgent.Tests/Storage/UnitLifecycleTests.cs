using Traceability.Contracts.Line.V1;
using Traceability.Core.Lifecycle;
using Traceability.LineAgent.Storage;
using static Traceability.LineAgent.Tests.Storage.StoreBuilders;

namespace Traceability.LineAgent.Tests.Storage;

public sealed class UnitLifecycleTests : IDisposable
{
    private readonly TestStore _store = new();

    [Fact]
    public async Task A_verified_unit_is_commissioned_with_its_event_in_the_same_commit()
    {
        var wo = await _store.RunningWorkOrderAsync();

        var unit = await _store.Commit(tx =>
        {
            var taken = tx.TakeSerial(wo, 1);
            tx.RecordPrinted(taken.Key);
            return tx.RecordVerified(taken.Key, "DIGSIG");
        });

        Assert.Equal(SerialState.Commissioned, _store.Store.FindUnit(unit.Key)!.State);
        var e = Assert.Single(_store.Store.Outbox.ReadPending(10)).ToEvent();
        Assert.Equal(LineEvent.BodyOneofCase.UnitCommissioned, e.BodyCase);
        Assert.Equal((Gtin.Value, unit.Key.Serial.Value, "L2611", "281130", "DIGSIG", wo),
            (e.UnitCommissioned.Unit.Gtin, e.UnitCommissioned.Unit.Serial, e.UnitCommissioned.Lot, e.UnitCommissioned.Expiry, e.UnitCommissioned.Digsig, e.WorkOrderId));
    }

    [Fact]
    public async Task A_rejected_unit_keeps_its_reason_and_its_serial_is_scrapped()
    {
        var wo = await _store.RunningWorkOrderAsync();
        var unit = await _store.Commit(tx => tx.TakeSerial(wo, 1));
        await _store.Commit(tx => tx.RecordPrinted(unit.Key));

        await _store.Commit(tx => tx.RecordRejected(unit.Key, "no-read"));

        var stored = _store.Store.FindUnit(unit.Key)!;
        Assert.Equal((SerialState.LabelScrapped, "no-read"), (stored.State, stored.RejectReason));
        var e = Assert.Single(_store.Store.Outbox.ReadPending(10)).ToEvent();
        Assert.Equal(("no-read", unit.Key.Serial.Value), (e.UnitRejected.Reason, e.UnitRejected.Unit.Serial));
    }

    [Fact]
    public async Task A_verdict_on_an_unprinted_unit_counts_it_as_printed()
    {
        var wo = await _store.RunningWorkOrderAsync();
        var unit = await _store.Commit(tx => tx.TakeSerial(wo, 1));

        await _store.Commit(tx => tx.RecordVerified(unit.Key));

        Assert.Equal(SerialState.Commissioned, _store.Store.FindUnit(unit.Key)!.State);
        Assert.Equal(1, _store.Store.FindWorkOrder(wo)!.Counts.Printed);
    }

    [Fact]
    public async Task A_second_verdict_is_refused_by_the_lifecycle_and_changes_nothing()
    {
        var wo = await _store.RunningWorkOrderAsync();
        var unit = await _store.VerifiedUnitAsync(wo, 1);

        var e = await Assert.ThrowsAsync<InvalidSerialTransitionException>(() => _store.Commit(tx => tx.RecordRejected(unit.Key, "late verdict")));

        Assert.Contains($"Unit {unit.Key}: Commissioned → LabelScrapped", e.Message, StringComparison.Ordinal);
        Assert.Equal(SerialState.Commissioned, _store.Store.FindUnit(unit.Key)!.State);
        Assert.Single(_store.Store.Outbox.ReadPending(10));
    }

    [Fact]
    public async Task An_unknown_or_pooled_serial_is_not_a_unit()
    {
        await _store.RunningWorkOrderAsync();

        var unknown = await Assert.ThrowsAsync<KeyNotFoundException>(() => _store.Commit(tx => tx.RecordPrinted(Key("NOPE"))));
        var pooled = await Assert.ThrowsAsync<KeyNotFoundException>(() => _store.Commit(tx => tx.RecordPrinted(Key("B-WO-1X00001"))));

        Assert.Contains("not on this line", unknown.Message, StringComparison.Ordinal);
        Assert.Contains("still in the pool", pooled.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task After_a_restart_units_without_a_verdict_are_rejected_and_others_are_left_alone()
    {
        var wo = await _store.RunningWorkOrderAsync();
        var verified = await _store.VerifiedUnitAsync(wo, 1);
        var taken = await _store.Commit(tx => tx.TakeSerial(wo, 2));
        var printed = await _store.Commit(tx => tx.RecordPrinted(tx.TakeSerial(wo, 3).Key));
        _store.Reopen();

        var rejected = await _store.Commit(tx => tx.RejectUnitsAwaitingVerdict("no verdict: agent restarted"));

        Assert.Equal(new[] { taken.Key, printed.Key }.Select(k => k.ToString()).Order(), rejected.Select(k => k.ToString()).Order());
        Assert.Equal(SerialState.Commissioned, _store.Store.FindUnit(verified.Key)!.State);
        Assert.All(rejected, k => Assert.Equal(SerialState.LabelScrapped, _store.Store.FindUnit(k)!.State));
        Assert.Empty(await _store.Commit(tx => tx.RejectUnitsAwaitingVerdict("again")));
    }

    [Fact]
    public async Task After_a_restart_units_of_a_paused_work_order_without_a_verdict_are_rejected_too()
    {
        // Found by reading every unit of every order that is not closed (no index on "awaiting a verdict" since
        // session 6): a paused order is not closed, and its units awaiting a verdict are as unsure as a running one's.
        var paused = await _store.RunningWorkOrderAsync();
        var first = await _store.Commit(tx => tx.TakeSerial(paused, 1));
        await _store.Commit(tx => tx.PauseWorkOrder(paused, Operator));
        var running = await _store.RunningWorkOrderAsync(new WorkOrderBuilder { Id = "WO-2" });
        var second = await _store.Commit(tx => tx.RecordPrinted(tx.TakeSerial(running, 1).Key));
        _store.Reopen();

        var rejected = await _store.Commit(tx => tx.RejectUnitsAwaitingVerdict("no verdict: agent restarted"));

        Assert.Equal(new[] { first.Key, second.Key }.Select(k => k.ToString()).Order(), rejected.Select(k => k.ToString()).Order());
        Assert.Equal(0, _store.Store.FindWorkOrder(paused)!.Counts.Unused + _store.Store.FindWorkOrder(paused)!.Counts.AwaitingVerdict);
    }

    [Fact]
    public async Task Queries_in_a_change_see_the_units_it_changed_before()
    {
        // The transaction keeps changed units in memory until the end of the group; its indexed queries must not
        // read the stale copies in the file.
        var wo = await _store.RunningWorkOrderAsync();

        var (verified, rejected) = await _store.Commit(tx =>
        {
            var first = tx.TakeSerial(wo, 1).Key;
            var second = tx.TakeSerial(wo, 2).Key;
            tx.RecordVerified(first);
            return (first, tx.RejectUnitsAwaitingVerdict("line stopped"));
        });

        Assert.Equal(SerialState.Commissioned, _store.Store.FindUnit(verified)!.State);
        Assert.Equal("B-WO-1X00002", Assert.Single(rejected).Serial.Value);
        var closed = await _store.Commit(tx => tx.CloseWorkOrder(wo, Operator));
        Assert.Equal((2L, 1L, 1L), (closed.Counts.Issued, closed.Counts.Verified, closed.Counts.Rejected));
    }

    [Fact]
    public async Task A_reprint_counts_and_is_audited()
    {
        var wo = await _store.RunningWorkOrderAsync();
        var unit = await _store.VerifiedUnitAsync(wo, 1);

        await _store.Commit(tx => tx.RecordReprint(unit.Key, new OperatorAction("op-3", "label smudged")));

        Assert.Equal(1, _store.Store.FindUnit(unit.Key)!.ReprintCount);
        var e = _store.Store.Outbox.ReadPending(10)[^1].ToEvent();
        Assert.Equal(("label smudged", "op-3", false), (e.LabelReprinted.Reason, e.LabelReprinted.OperatorId, e.LabelReprinted.Reissued));
        var audit = _store.Store.ReadAudit(1, 10)[^1];
        Assert.Equal(("op-3", "unit.reprint", unit.Key.ToString(), "label smudged"), (audit.OperatorId, audit.Action, audit.Subject, audit.Reason));
    }

    [Fact]
    public async Task A_sampled_unit_leaves_the_line_with_an_event_and_an_audit_record()
    {
        var wo = await _store.RunningWorkOrderAsync();
        var unit = await _store.VerifiedUnitAsync(wo, 1);

        await _store.Commit(tx => tx.SampleUnit(unit.Key, new OperatorAction("qa-1", "retention sample")));

        Assert.Equal(SerialState.Sampled, _store.Store.FindUnit(unit.Key)!.State);
        Assert.Equal("sampled: retention sample", _store.Store.Outbox.ReadPending(10)[^1].ToEvent().UnitDecommissioned.Reason);
        Assert.Equal("unit.sample", _store.Store.ReadAudit(1, 10)[^1].Action);
    }

    [Fact]
    public async Task A_manual_action_without_operator_or_reason_is_refused()
    {
        var wo = await _store.RunningWorkOrderAsync();
        var unit = await _store.VerifiedUnitAsync(wo, 1);

        await Assert.ThrowsAsync<ArgumentException>(() => _store.Commit(tx => tx.DecommissionUnit(unit.Key, DecommissionKind.Destroyed, new OperatorAction("", "dropped"))));
        await Assert.ThrowsAsync<ArgumentException>(() => _store.Commit(tx => tx.DecommissionUnit(unit.Key, DecommissionKind.Destroyed, new OperatorAction("op-1", " "))));

        Assert.Equal(SerialState.Commissioned, _store.Store.FindUnit(unit.Key)!.State);
    }

    public void Dispose() => _store.Dispose();
}
