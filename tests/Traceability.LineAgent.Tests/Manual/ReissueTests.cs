using Traceability.Contracts.Line.V1;
using Traceability.Core.Lifecycle;
using Traceability.LineAgent.Manual;
using Traceability.LineAgent.Storage;
using static Traceability.LineAgent.Tests.Manual.ManualLine;

namespace Traceability.LineAgent.Tests.Manual;

public sealed class ReissueTests
{
    [Fact]
    public async Task Reissue_decommissions_the_old_serial_prints_a_new_one_and_puts_it_in_the_old_ones_place_in_its_case()
    {
        using var line = await StartAsync();
        var (sscc, units) = await line.ClosedCaseAsync(1, 3, 1);
        var old = units[1];
        var before = line.AssertReconciled();
        var taken = line.Store.PoolStatus(old.Gtin).Taken;
        var events = line.Events().Count;

        var outcome = await line.Work.ReprintAsync(old, Engineer, ManualRole.Engineer, CancellationToken.None);

        Assert.Equal(ReprintKind.Reissued, outcome.Kind);
        var fresh = outcome.NewUnit!;
        Assert.NotEqual(old.Serial, fresh.Key.Serial);
        Assert.Contains("/21/" + fresh.Key.Serial.Value, line.PrintedCode(), StringComparison.Ordinal);
        Assert.Equal(taken + 1, line.Store.PoolStatus(old.Gtin).Taken);

        var oldStored = line.Store.FindUnit(old)!;
        var newStored = line.Store.FindUnit(fresh.Key)!;
        Assert.Equal((SerialState.Inactive, (Core.Gs1.Sscc?)null, 1), (oldStored.State, oldStored.CaseSscc, oldStored.ReprintCount));
        Assert.Equal((SerialState.Commissioned, (Core.Gs1.Sscc?)sscc, oldStored.PlcSequence, line.WorkOrderId), (newStored.State, newStored.CaseSscc, newStored.PlcSequence, newStored.WorkOrderId));
        var box = line.Store.FindContainer(sscc)!;
        Assert.Equal(ContainerState.Closed, box.State);
        Assert.Equal([units[0], fresh.Key, units[2]], box.Units);

        var written = line.Events().Skip(events).ToList();
        var reprinted = Assert.Single(written).LabelReprinted;
        Assert.Equal((old.Serial.Value, true, fresh.Key.Serial.Value, "eng-1", "label torn at the capper"),
            (reprinted.Item.Unit.Serial, reprinted.Reissued, reprinted.NewItem.Unit.Serial, reprinted.OperatorId, reprinted.Reason));
        var audit = line.Store.ReadAudit(1, 100)[^1];
        Assert.Equal(("unit.reissue", "eng-1", "label torn at the capper"), (audit.Action, audit.OperatorId, audit.Reason));
        Assert.Contains(fresh.Key.ToString(), audit.Subject, StringComparison.Ordinal);

        // One more serial issued, printed and verified; the old one decommissioned, the new one packed in its place.
        var after = line.AssertReconciled();
        Assert.Equal(
            (before.Issued + 1, before.Printed + 1, before.Verified + 1, before.Packed, before.Decommissioned + 1, before.Loose),
            (after.Issued, after.Printed, after.Verified, after.Packed, after.Decommissioned, after.Loose));
    }

    [Fact]
    public async Task A_loose_unit_is_reissued_loose()
    {
        using var line = await StartAsync();
        var unit = await line.VerifiedAsync(1);

        var outcome = await line.Work.ReprintAsync(unit.Key, Engineer, ManualRole.Engineer, CancellationToken.None);

        Assert.Null(line.Store.FindUnit(outcome.NewUnit!.Key)!.CaseSscc);
        Assert.Equal((1, 1), (line.AssertReconciled().Loose, line.AssertReconciled().Decommissioned));
    }

    [Fact]
    public async Task A_reissue_with_an_empty_pool_changes_nothing()
    {
        using var line = await StartAsync();
        var unit = await line.VerifiedAsync(1);
        for (var n = 2; n <= 100; n++)
        {
            await line.RejectedAsync(n);
        }

        var events = line.Events().Count;
        await Assert.ThrowsAsync<SerialPoolExhaustedException>(() => line.Work.ReprintAsync(unit.Key, Engineer, ManualRole.Engineer, CancellationToken.None));

        Assert.Equal(SerialState.Commissioned, line.Store.FindUnit(unit.Key)!.State);
        Assert.Equal(events, line.Events().Count);
        Assert.True(line.PrintedNothing());
        line.AssertReconciled();
    }

    [Fact]
    public async Task A_reissued_unit_can_be_reissued_again_but_its_old_serial_cannot()
    {
        using var line = await StartAsync();
        var unit = await line.VerifiedAsync(1);
        var first = await line.Work.ReprintAsync(unit.Key, Engineer, ManualRole.Engineer, CancellationToken.None);

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => line.Work.ReprintAsync(unit.Key, Engineer, ManualRole.Engineer, CancellationToken.None));
        Assert.Contains("Inactive", refused.Message, StringComparison.Ordinal);

        var second = await line.Work.ReprintAsync(first.NewUnit!.Key, Engineer, ManualRole.Engineer, CancellationToken.None);
        Assert.Equal(SerialState.Commissioned, line.Store.FindUnit(second.NewUnit!.Key)!.State);
        line.AssertReconciled();
    }
}
