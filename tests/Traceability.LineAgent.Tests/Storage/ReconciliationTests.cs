using Traceability.Core.Lifecycle;
using Traceability.LineAgent.Storage;
using static Traceability.LineAgent.Tests.Storage.StoreBuilders;

namespace Traceability.LineAgent.Tests.Storage;

public sealed class ReconciliationTests : IDisposable
{
    private readonly TestStore _store = new();

    [Theory]
    [MemberData(nameof(EveryStateInAndOutOfACase))]
    public void A_unit_in_any_state_falls_in_exactly_one_bucket_of_each_equation(SerialState state, bool inCase)
    {
        var counts = Reconciliation.Of(state, inCase);

        Assert.Equal(1, counts.Issued);
        Assert.Equal(1, counts.Printed + counts.Unused);
        Assert.Equal(counts.Printed, counts.Verified + counts.Rejected + counts.AwaitingVerdict);
        Assert.Equal(counts.Verified, counts.Packed + counts.Samples + counts.Decommissioned + counts.Loose);
        Assert.True(counts.IsBalanced);
    }

    public static TheoryData<SerialState, bool> EveryStateInAndOutOfACase()
    {
        var data = new TheoryData<SerialState, bool>();
        foreach (var state in SerialLifecycle.States)
        {
            data.Add(state, false);
            data.Add(state, true);
        }

        return data;
    }

    [Fact]
    public void An_imbalance_names_the_equation_and_its_numbers()
    {
        var counts = Reconciliation.Of(SerialState.Commissioned, false) with { Loose = 0 };

        Assert.Equal(["verified 1 ≠ packed 0 + samples 0 + decommissioned 0 + loose 0"], counts.Imbalances());
    }

    [Fact]
    public async Task Stored_counts_equal_the_counts_from_the_units_and_balance_after_every_change()
    {
        // A seeded random walk over every operation that moves a unit between buckets.
        var random = new Random(20261125);
        var wo = await _store.RunningWorkOrderAsync(new WorkOrderBuilder { UnitsPerCase = 3, CasesPerPallet = 2 }, serials: 400);
        var units = new List<UnitKey>();
        long sscc = 0;
        for (var step = 0; step < 300; step++)
        {
            var pick = units.Count == 0 ? default : units[random.Next(units.Count)];
            var choice = units.Count == 0 ? 0 : random.Next(9);
            try
            {
                await _store.Commit(tx =>
                {
                    switch (choice)
                    {
                        case 0 or 1:
                            units.Add(tx.TakeSerial(wo, step).Key);
                            break;
                        case 2:
                            tx.RecordPrinted(pick);
                            break;
                        case 3:
                            tx.RecordVerified(pick);
                            break;
                        case 4:
                            tx.RecordRejected(pick, "no-read");
                            break;
                        case 5:
                            var open = tx.FindOpenContainer(wo, ContainerKind.Case) ?? tx.OpenContainer(ContainerKind.Case, Sscc(++sscc), wo);
                            tx.PackUnit(pick, open.Sscc);
                            break;
                        case 6:
                            if (tx.FindOpenContainer(wo, ContainerKind.Case) is { ChildCount: > 0 } full)
                            {
                                tx.CloseContainer(full.Sscc);
                            }

                            break;
                        case 7:
                            tx.DecommissionUnit(pick, random.Next(2) == 0 ? DecommissionKind.Inactive : DecommissionKind.Destroyed, Operator);
                            break;
                        default:
                            if (tx.FindUnit(pick)?.CaseSscc is { } caseSscc && tx.FindContainer(caseSscc)!.State == ContainerState.Closed)
                            {
                                tx.Disaggregate(caseSscc, Operator);
                            }
                            else
                            {
                                tx.SampleUnit(pick, Operator);
                            }

                            break;
                    }
                });
            }
            catch (Exception e) when (e is InvalidOperationException or KeyNotFoundException)
            {
                // Most random moves are illegal (a second verdict, packing a reject); the store refuses them whole.
            }

            var stored = _store.Store.FindWorkOrder(wo)!.Counts;
            Assert.Equal(_store.Store.CountFromData(wo), stored);
            Assert.True(stored.IsBalanced, string.Join("; ", stored.Imbalances()));
        }

        var final = _store.Store.FindWorkOrder(wo)!.Counts;
        Assert.True(final is { Verified: > 0, Rejected: > 0, Packed: > 0, Samples: > 0, Decommissioned: > 0, Unused: > 0 }, final.ToString());
    }

    public void Dispose() => _store.Dispose();
}
