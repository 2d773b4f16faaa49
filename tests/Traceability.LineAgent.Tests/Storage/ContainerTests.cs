using Traceability.Contracts.Line.V1;
using Traceability.Core.Lifecycle;
using Traceability.LineAgent.Storage;
using static Traceability.LineAgent.Tests.Storage.StoreBuilders;

namespace Traceability.LineAgent.Tests.Storage;

public sealed class ContainerTests : IDisposable
{
    private readonly TestStore _store = new();

    [Fact]
    public async Task Closing_a_case_aggregates_its_units_in_packing_order()
    {
        var wo = await _store.RunningWorkOrderAsync();
        var units = new List<UnitKey>();
        for (var n = 1; n <= 3; n++)
        {
            units.Add((await _store.VerifiedUnitAsync(wo, n)).Key);
        }

        await _store.Commit(tx =>
        {
            tx.OpenContainer(ContainerKind.Case, Sscc(1), wo);
            units.ForEach(u => tx.PackUnit(u, Sscc(1)));
            tx.CloseContainer(Sscc(1));
        });

        var stored = _store.Store.FindContainer(Sscc(1))!;
        Assert.Equal(ContainerState.Closed, stored.State);
        Assert.Equal(units, stored.Units);
        Assert.All(units, u => Assert.Equal(Sscc(1), _store.Store.FindUnit(u)!.CaseSscc));
        var aggregated = _store.Store.Outbox.ReadPending(100)[^1].ToEvent().Aggregated;
        Assert.Equal(Sscc(1).Value, aggregated.ParentSscc);
        Assert.Equal(units.Select(u => u.Serial.Value), aggregated.Children.Select(c => c.Unit.Serial));
    }

    [Fact]
    public async Task The_open_case_is_found_in_later_groups_after_a_close_a_rollback_and_a_disaggregation()
    {
        // The committer keeps which container is open across groups (CommittedRecords): each answer below must be
        // the file's, whatever group or rolled-back change came before.
        var wo = await _store.RunningWorkOrderAsync();
        var first = await _store.VerifiedUnitAsync(wo, 1);
        var second = await _store.VerifiedUnitAsync(wo, 2);
        Assert.Null(await _store.Commit(tx => tx.FindOpenContainer(wo, ContainerKind.Case)));
        await _store.Commit(tx => tx.OpenContainer(ContainerKind.Case, Sscc(1), wo));
        Assert.Equal(Sscc(1), (await _store.Commit(tx => tx.FindOpenContainer(wo, ContainerKind.Case)))?.Sscc);

        // A change that closes the case and then fails is rolled back: the case is still the open one.
        await Assert.ThrowsAsync<InvalidOperationException>(() => _store.Commit(tx =>
        {
            tx.PackUnit(first.Key, Sscc(1));
            tx.CloseContainer(Sscc(1));
            tx.PackUnit(first.Key, Sscc(1));
        }));
        var open = await _store.Commit(tx => tx.FindOpenContainer(wo, ContainerKind.Case));
        Assert.Equal(Sscc(1), open?.Sscc);
        Assert.Empty(open!.Units);

        await _store.Commit(tx =>
        {
            tx.PackUnit(first.Key, Sscc(1));
            tx.CloseContainer(Sscc(1));
        });
        Assert.Null(await _store.Commit(tx => tx.FindOpenContainer(wo, ContainerKind.Case)));

        // Reopened for rework, the case is not the line's open case; a new one opened in a later group is.
        await _store.Commit(tx => tx.Disaggregate(Sscc(1), new OperatorAction("op-2", "wrong lot label")));
        Assert.Null(await _store.Commit(tx => tx.FindOpenContainer(wo, ContainerKind.Case)));
        await _store.Commit(tx => tx.OpenContainer(ContainerKind.Case, Sscc(2), wo));
        var next = await _store.Commit(tx =>
        {
            var found = tx.FindOpenContainer(wo, ContainerKind.Case)!;
            return tx.PackUnit(second.Key, found.Sscc);
        });
        Assert.Equal(Sscc(2), next.Sscc);
        Assert.Equal([second.Key], _store.Store.FindContainer(Sscc(2))!.Units);
        Assert.Equal(Sscc(2), _store.Store.FindOpenContainer(wo, ContainerKind.Case)?.Sscc);
        Assert.Equal(ContainerState.Open, _store.Store.FindContainer(Sscc(1))!.State);
        Assert.Null(_store.Store.FindUnit(first.Key)!.CaseSscc);
    }

    [Fact]
    public async Task A_full_case_takes_no_more_units()
    {
        var wo = await _store.RunningWorkOrderAsync(new WorkOrderBuilder { UnitsPerCase = 2 });
        var units = new List<UnitKey>();
        for (var n = 1; n <= 3; n++)
        {
            units.Add((await _store.VerifiedUnitAsync(wo, n)).Key);
        }

        await _store.Commit(tx =>
        {
            tx.OpenContainer(ContainerKind.Case, Sscc(1), wo);
            tx.PackUnit(units[0], Sscc(1));
            tx.PackUnit(units[1], Sscc(1));
        });

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => _store.Commit(tx => tx.PackUnit(units[2], Sscc(1))));
        Assert.Contains("holds 2 of 2 units", e.Message, StringComparison.Ordinal);
        Assert.Null(_store.Store.FindUnit(units[2])!.CaseSscc);
    }

    [Fact]
    public async Task Only_verified_loose_units_are_packed()
    {
        var wo = await _store.RunningWorkOrderAsync();
        var printed = await _store.Commit(tx => tx.RecordPrinted(tx.TakeSerial(wo, 1).Key));
        var verified = await _store.VerifiedUnitAsync(wo, 2);
        await _store.Commit(tx =>
        {
            tx.OpenContainer(ContainerKind.Case, Sscc(1), wo);
            tx.PackUnit(verified.Key, Sscc(1));
        });

        var notVerified = await Assert.ThrowsAsync<InvalidOperationException>(() => _store.Commit(tx => tx.PackUnit(printed.Key, Sscc(1))));
        var twice = await Assert.ThrowsAsync<InvalidOperationException>(() => _store.Commit(tx => tx.PackUnit(verified.Key, Sscc(1))));

        Assert.Contains("is Encoded", notVerified.Message, StringComparison.Ordinal);
        Assert.Contains($"already in case {Sscc(1)}", twice.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_sscc_identifies_one_container_only()
    {
        var wo = await _store.RunningWorkOrderAsync();
        await _store.Commit(tx => tx.OpenContainer(ContainerKind.Case, Sscc(1), wo));

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => _store.Commit(tx => tx.OpenContainer(ContainerKind.Pallet, Sscc(1), wo)));
        // After a reopen the SSCC is known to the file only (nothing kept in memory).
        _store.Reopen();
        var again = await Assert.ThrowsAsync<InvalidOperationException>(() => _store.Commit(tx => tx.OpenContainer(ContainerKind.Pallet, Sscc(1), wo)));

        Assert.Contains("already used by a Case", e.Message, StringComparison.Ordinal);
        Assert.Contains("already used by a Case", again.Message, StringComparison.Ordinal);
        Assert.Equal(ContainerKind.Case, _store.Store.FindContainer(Sscc(1))!.Kind);
    }

    [Fact]
    public async Task Closed_cases_go_on_a_pallet_whose_close_aggregates_their_ssccs()
    {
        var wo = await _store.RunningWorkOrderAsync(new WorkOrderBuilder { UnitsPerCase = 1, CasesPerPallet = 2 });
        for (var n = 1; n <= 2; n++)
        {
            var unit = await _store.VerifiedUnitAsync(wo, n);
            var reference = n;
            await _store.Commit(tx =>
            {
                tx.OpenContainer(ContainerKind.Case, Sscc(reference), wo);
                tx.PackUnit(unit.Key, Sscc(reference));
                tx.CloseContainer(Sscc(reference));
            });
        }

        await _store.Commit(tx =>
        {
            tx.OpenContainer(ContainerKind.Pallet, Sscc(100), wo);
            tx.PackCase(Sscc(1), Sscc(100));
            tx.PackCase(Sscc(2), Sscc(100));
            tx.CloseContainer(Sscc(100));
        });

        Assert.Equal(Sscc(100), _store.Store.FindContainer(Sscc(2))!.ParentSscc);
        var aggregated = _store.Store.Outbox.ReadPending(100)[^1].ToEvent().Aggregated;
        Assert.Equal([Sscc(1).Value, Sscc(2).Value], aggregated.Children.Select(c => c.Sscc));
    }

    [Fact]
    public async Task An_open_case_does_not_go_on_a_pallet()
    {
        var wo = await _store.RunningWorkOrderAsync();
        await _store.Commit(tx =>
        {
            tx.OpenContainer(ContainerKind.Case, Sscc(1), wo);
            tx.OpenContainer(ContainerKind.Pallet, Sscc(100), wo);
        });

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => _store.Commit(tx => tx.PackCase(Sscc(1), Sscc(100))));

        Assert.Contains("still open", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Decommissioning_a_unit_in_an_open_case_takes_it_out_of_the_case()
    {
        var wo = await _store.RunningWorkOrderAsync();
        var unit = await _store.VerifiedUnitAsync(wo, 1);
        await _store.Commit(tx =>
        {
            tx.OpenContainer(ContainerKind.Case, Sscc(1), wo);
            tx.PackUnit(unit.Key, Sscc(1));
        });

        await _store.Commit(tx => tx.DecommissionUnit(unit.Key, DecommissionKind.Destroyed, new OperatorAction("op-1", "crushed")));

        var stored = _store.Store.FindUnit(unit.Key)!;
        Assert.Equal((SerialState.Destroyed, null), (stored.State, stored.CaseSscc));
        Assert.Empty(_store.Store.FindContainer(Sscc(1))!.Units);
        var e = _store.Store.Outbox.ReadPending(100)[^1].ToEvent().UnitDecommissioned;
        Assert.Equal(("crushed", "op-1"), (e.Reason, e.OperatorId));
        Assert.Equal("unit.destroy", _store.Store.ReadAudit(1, 100)[^1].Action);
    }

    [Fact]
    public async Task A_unit_in_a_closed_case_is_decommissioned_only_after_disaggregation()
    {
        var wo = await _store.RunningWorkOrderAsync();
        var unit = await _store.VerifiedUnitAsync(wo, 1);
        await _store.Commit(tx =>
        {
            tx.OpenContainer(ContainerKind.Case, Sscc(1), wo);
            tx.PackUnit(unit.Key, Sscc(1));
            tx.CloseContainer(Sscc(1));
        });

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            _store.Commit(tx => tx.DecommissionUnit(unit.Key, DecommissionKind.Inactive, Operator)));
        Assert.Contains("disaggregate the case", refused.Message, StringComparison.Ordinal);

        await _store.Commit(tx => tx.Disaggregate(Sscc(1), new OperatorAction("op-2", "wrong lot label")));
        await _store.Commit(tx => tx.DecommissionUnit(unit.Key, DecommissionKind.Inactive, Operator));

        Assert.Equal((ContainerState.Open, 0), (_store.Store.FindContainer(Sscc(1))!.State, _store.Store.FindContainer(Sscc(1))!.ChildCount));
        Assert.Equal(SerialState.Inactive, _store.Store.FindUnit(unit.Key)!.State);
        var events = _store.Store.Outbox.ReadPending(100).Select(o => o.ToEvent()).ToList();
        var disaggregated = events.Single(e => e.BodyCase == LineEvent.BodyOneofCase.Disaggregated).Disaggregated;
        Assert.Equal((Sscc(1).Value, "wrong lot label", "op-2", 0), (disaggregated.ParentSscc, disaggregated.Reason, disaggregated.OperatorId, disaggregated.Children.Count));
        Assert.Contains(_store.Store.ReadAudit(1, 100), a => a.Action == "case.disaggregate" && a.Subject == Sscc(1).Value);
    }

    public void Dispose() => _store.Dispose();
}
