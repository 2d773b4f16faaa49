using Traceability.Contracts.Line.V1;
using Traceability.Core.Lifecycle;
using Traceability.LineAgent.Manual;
using Traceability.LineAgent.Storage;
using Traceability.LineAgent.Tests.Storage;
using static Traceability.LineAgent.Tests.Manual.ManualLine;

namespace Traceability.LineAgent.Tests.Manual;

public sealed class ReworkTests
{
    private static readonly OperatorAction Sampler = new("op-4", "retention sample");

    [Fact]
    public async Task A_case_is_disaggregated_and_re_aggregated_with_a_replacement_unit()
    {
        using var line = await StartAsync();
        var (sscc, units) = await line.ClosedCaseAsync(1, 3, 1);
        var spare = (await line.VerifiedAsync(4)).Key;

        await line.Work.DisaggregateAsync(sscc, new OperatorAction("eng-1", "wrong lot on case label"), ManualRole.Engineer, CancellationToken.None);
        Assert.All(units, u => Assert.Null(line.Store.FindUnit(u)!.CaseSscc));
        Assert.Equal((0, 4), (line.AssertReconciled().Packed, line.AssertReconciled().Loose));
        // Reopened for rework, the case is not the line's open case: the pipeline does not pack into it.
        Assert.Null(await line.Store.CommitAsync(tx => tx.FindOpenContainer(line.WorkOrderId, ContainerKind.Case), CancellationToken.None));

        await line.Work.DecommissionAsync(units[1], DecommissionKind.Destroyed, new OperatorAction("eng-1", "crushed"), ManualRole.Engineer, CancellationToken.None);
        UnitKey[] refill = [units[0], units[2], spare];
        var closed = await line.Work.ReaggregateAsync(sscc, refill, new OperatorAction("eng-1", "case rebuilt"), ManualRole.Engineer, CancellationToken.None);

        Assert.Equal(ContainerState.Closed, closed.State);
        Assert.Equal(refill, closed.Units);
        Assert.All(refill, u => Assert.Equal(sscc, line.Store.FindUnit(u)!.CaseSscc));
        var events = line.Events();
        var aggregated = events.Last(e => e.BodyCase == LineEvent.BodyOneofCase.Aggregated).Aggregated;
        Assert.Equal(refill.Select(u => u.Serial.Value), aggregated.Children.Select(c => c.Unit.Serial));
        Assert.Equal(["case.disaggregate", "unit.destroy", "case.reaggregate"], line.Store.ReadAudit(2, 100).Select(a => a.Action));
        var counts = line.AssertReconciled();
        Assert.Equal((3, 1, 0), (counts.Packed, counts.Decommissioned, counts.Loose));
        Assert.True(line.Store.VerifyAuditChain().IsIntact);
    }

    [Fact]
    public async Task The_case_the_running_line_is_filling_is_not_re_aggregated()
    {
        using var line = await StartAsync();
        var unit = (await line.VerifiedAsync(1)).Key;
        var loose = (await line.VerifiedAsync(2)).Key;
        await line.Store.CommitAsync(tx =>
        {
            tx.OpenContainer(ContainerKind.Case, StoreBuilders.Sscc(7), line.WorkOrderId);
            tx.PackUnit(unit, StoreBuilders.Sscc(7));
        }, CancellationToken.None);

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            line.Work.ReaggregateAsync(StoreBuilders.Sscc(7), [loose], Engineer, ManualRole.Engineer, CancellationToken.None));

        Assert.Contains("the case the line is filling", refused.Message, StringComparison.Ordinal);
        Assert.Null(line.Store.FindUnit(loose)!.CaseSscc);
        line.AssertReconciled();
    }

    [Fact]
    public async Task Re_aggregation_refuses_a_unit_that_is_not_verified_and_packs_none()
    {
        using var line = await StartAsync();
        var (sscc, units) = await line.ClosedCaseAsync(1, 2, 1);
        await line.Work.DisaggregateAsync(sscc, Engineer, ManualRole.Engineer, CancellationToken.None);
        var rejected = (await line.RejectedAsync(3)).Key;

        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            line.Work.ReaggregateAsync(sscc, [units[0], rejected], Engineer, ManualRole.Engineer, CancellationToken.None));

        Assert.Null(line.Store.FindUnit(units[0])!.CaseSscc);
        Assert.Equal(0, line.Store.FindContainer(sscc)!.ChildCount);
        line.AssertReconciled();
    }

    [Fact]
    public async Task Engineer_actions_are_refused_to_an_operator()
    {
        using var line = await StartAsync();
        var (sscc, units) = await line.ClosedCaseAsync(1, 2, 1);

        await Assert.ThrowsAsync<EngineerRequiredException>(() => line.Work.DisaggregateAsync(sscc, Engineer, ManualRole.Operator, CancellationToken.None));
        await Assert.ThrowsAsync<EngineerRequiredException>(() =>
            line.Work.DecommissionAsync(units[0], DecommissionKind.Inactive, Engineer, ManualRole.Operator, CancellationToken.None));
        await Assert.ThrowsAsync<EngineerRequiredException>(() => line.Work.ReaggregateAsync(sscc, units, Engineer, ManualRole.Operator, CancellationToken.None));

        Assert.Equal(ContainerState.Closed, line.Store.FindContainer(sscc)!.State);
        Assert.Empty(line.Store.ReadAudit(2, 100));
    }

    [Fact]
    public async Task A_sample_and_a_damaged_unit_leave_the_line_with_their_reasons()
    {
        using var line = await StartAsync();
        var sample = (await line.VerifiedAsync(1)).Key;
        var damaged = (await line.VerifiedAsync(2)).Key;

        await line.Work.SampleAsync(sample, Sampler, CancellationToken.None);
        await line.Work.DecommissionAsync(damaged, DecommissionKind.Inactive, new OperatorAction("eng-2", "dented housing"), ManualRole.Engineer, CancellationToken.None);

        Assert.Equal(SerialState.Sampled, line.Store.FindUnit(sample)!.State);
        Assert.Equal(SerialState.Inactive, line.Store.FindUnit(damaged)!.State);
        var decommissioned = line.Events().Where(e => e.BodyCase == LineEvent.BodyOneofCase.UnitDecommissioned).Select(e => e.UnitDecommissioned).ToList();
        Assert.Equal([("sampled: retention sample", "op-4"), ("dented housing", "eng-2")], decommissioned.Select(d => (d.Reason, d.OperatorId)));
        var audit = line.Store.ReadAudit(2, 100);
        Assert.Equal([("unit.sample", "retention sample"), ("unit.decommission", "dented housing")], audit.Select(a => (a.Action, a.Reason)));
        var counts = line.AssertReconciled();
        Assert.Equal((1, 1, 0), (counts.Samples, counts.Decommissioned, counts.Loose));
    }

    [Fact]
    public async Task A_manual_action_without_a_reason_is_refused()
    {
        using var line = await StartAsync();
        var unit = (await line.VerifiedAsync(1)).Key;

        var e = await Assert.ThrowsAsync<ArgumentException>(() => line.Work.SampleAsync(unit, new OperatorAction("op-1", " "), CancellationToken.None));

        Assert.Equal("Reason", e.ParamName);
        Assert.Equal(SerialState.Commissioned, line.Store.FindUnit(unit)!.State);
    }

    [Fact]
    public void Bad_reprint_options_are_named()
    {
        var result = new ReprintOptionsValidator().Validate(null, new ReprintOptions { VerifiedUnitPolicy = (VerifiedUnitPolicy)7, MaxReprintsPerUnit = -1 });

        Assert.Equal(
            ["Reprint:VerifiedUnitPolicy is 7; use Reprint or Reissue.", "Reprint:MaxReprintsPerUnit is -1; it must be 0 to 100."],
            result.Failures);
        Assert.True(new ReprintOptionsValidator().Validate(null, new ReprintOptions()).Succeeded);
        Assert.Equal((VerifiedUnitPolicy.Reissue, 2), (new ReprintOptions().VerifiedUnitPolicy, new ReprintOptions().MaxReprintsPerUnit));
    }
}
