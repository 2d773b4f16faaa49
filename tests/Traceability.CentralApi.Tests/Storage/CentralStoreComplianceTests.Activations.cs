using Traceability.CentralApi.Storage;
using Traceability.Core.Lifecycle;

namespace Traceability.CentralApi.Tests.Storage;

/// <summary>Activations (first kept, later ones history), the subject lookup and the report, the same on every database.</summary>
public abstract partial class CentralStoreComplianceTests
{
    private static readonly DateTimeOffset Activated = new DateTimeOffset(2026, 12, 5, 18, 30, 0, TimeSpan.FromHours(8)).AddTicks(4_560);

    private IActivationStore Activations => (IActivationStore)Store;

    [Fact]
    public async Task The_first_activation_is_kept_and_later_ones_are_history_in_the_order_received()
    {
        var first = Activation("A1", "acct-1", Activated);
        var second = Activation("A1", "acct-2", Activated.AddDays(3)) with { Region = "CN-330000", Diversion = true, DealerId = "GD-1" };
        var third = Activation("A1", "acct-3", Activated.AddDays(-1)) with { ReceivedAt = first.ReceivedAt.AddDays(9) };

        Assert.True(await Activations.RecordActivationAsync(first));
        Assert.False(await Activations.RecordActivationAsync(second));
        Assert.False(await Activations.RecordActivationAsync(third));

        Assert.Equal(first, await Activations.GetFirstActivationAsync(Gtin, "A1"));
        Assert.Equal([first, second, third], await Activations.ListActivationsAsync(Gtin, "A1"));
        Assert.Null(await Activations.GetFirstActivationAsync(Gtin, "never"));
        Assert.Empty(await Activations.ListActivationsAsync(Gtin, "never"));
    }

    [Fact]
    public async Task Concurrent_first_activations_from_two_processes_end_as_one_first_and_the_rest_history()
    {
        var other = (IActivationStore)OpenTracked(DatabaseName);
        for (var round = 0; round < 5; round++)
        {
            var serial = $"RACE{round}";
            var attempts = Enumerable.Range(0, 8).Select(i => Activation(serial, $"acct-{i}", Activated.AddSeconds(i))).ToList();
            using var start = new ManualResetEventSlim();
            var tasks = attempts.Select((a, i) => Task.Run(async () =>
            {
                start.Wait();
                return await (i % 2 == 0 ? Activations : other).RecordActivationAsync(a);
            })).ToList();
            start.Set();
            var firsts = await Task.WhenAll(tasks);

            var winner = Assert.Single(attempts.Where((_, i) => firsts[i]));
            Assert.Equal(winner, await Activations.GetFirstActivationAsync(Gtin, serial));
            var all = await other.ListActivationsAsync(Gtin, serial);
            Assert.Equal(8, all.Count);
            Assert.Equal(winner, all[0]);
            Assert.Equal(attempts.Select(a => a.ActivationId).Order(), all.Select(a => a.ActivationId).Order());
        }
    }

    [Fact]
    public async Task Many_concurrent_activations_of_many_units_each_keep_one_first_and_every_attempt()
    {
        // SQLite writes activations arriving together in one transaction: a group can hold several attempts of one unit.
        var attempts = Enumerable.Range(0, 40).SelectMany(u => Enumerable.Range(0, 4)
            .Select(i => Activation($"MANY{u:D2}", $"acct-{u}-{i}", Activated.AddSeconds(i)))).ToList();
        // Eight at a time: enough to overlap commits, few enough for a PostgreSQL with 100 connections shared by other tests.
        using var start = new ManualResetEventSlim();
        using var slots = new SemaphoreSlim(8);
        var tasks = attempts.Select(a => Task.Run(async () =>
        {
            start.Wait();
            await slots.WaitAsync();
            try
            {
                return await Activations.RecordActivationAsync(a);
            }
            finally
            {
                slots.Release();
            }
        })).ToList();
        start.Set();
        var firsts = await Task.WhenAll(tasks);

        foreach (var unit in attempts.Select((a, i) => (a, first: firsts[i])).GroupBy(x => x.a.Serial))
        {
            var winner = Assert.Single(unit, x => x.first).a;
            Assert.Equal(winner, await Activations.GetFirstActivationAsync(Gtin, unit.Key));
            var all = await Activations.ListActivationsAsync(Gtin, unit.Key);
            Assert.Equal(winner, all[0]);
            Assert.Equal(unit.Select(x => x.a.ActivationId).Order(), all.Select(a => a.ActivationId).Order());
        }
    }

    [Fact]
    public async Task Two_activations_of_one_unit_in_one_batch_end_as_its_first_and_one_history_row()
    {
        var good = Activation("BATCH1", "acct-1", Activated);
        var again = Activation("BATCH1", "acct-2", Activated.AddSeconds(1));
        var other = Activation("BATCH2", "acct-3", Activated);

        var outcomes = await Task.WhenAll(RecordTogether([good, again, other]));

        Assert.Equal([true, false, true], outcomes);
        Assert.Equal([good, again], await Activations.ListActivationsAsync(Gtin, "BATCH1"));
        Assert.Equal([other], await Activations.ListActivationsAsync(Gtin, "BATCH2"));
    }

    [Fact]
    public async Task A_failing_activation_in_a_batch_fails_alone_and_its_neighbours_are_recorded()
    {
        // Batched writes: the batch's statement (PostgreSQL) or transaction (SQLite) fails as a whole when one row is
        // refused; each activation must then get its own outcome, not the batch's error.
        var earlier = Activation("ISO0", "acct-0", Activated);
        var repeated = Activation("ISO0", "acct-r", Activated.AddSeconds(1));
        Assert.True(await Activations.RecordActivationAsync(earlier));
        Assert.False(await Activations.RecordActivationAsync(repeated));
        var good = Activation("ISO1", "acct-1", Activated);
        var again = Activation("ISO1", "acct-2", Activated.AddSeconds(2));

        // History already holds this activation's id for its unit: its primary key refuses it a second time.
        var outcomes = RecordTogether([good, repeated, again]);

        Assert.True(await outcomes[0]);
        await Assert.ThrowsAnyAsync<Exception>(() => outcomes[1]);
        Assert.False(await outcomes[2]);
        Assert.Equal([good, again], await Activations.ListActivationsAsync(Gtin, "ISO1"));
        Assert.Equal([earlier, repeated], await Activations.ListActivationsAsync(Gtin, "ISO0"));
    }

    [Fact]
    public async Task The_subject_names_the_case_pallet_shipment_and_dealer_or_nothing_for_an_unknown_serial()
    {
        await CreateDealersAsync();
        var (caseA, _, pallet) = await PackPalletAsync(["S1", "S2", "S3", "S4"]);
        var shipped = await StepAsync(ChannelStepKind.Shipping, null, "DIST-1", [], [pallet], Shipped);
        await StepAsync(ChannelStepKind.Receiving, "DIST-1", null, [], [pallet], Shipped.AddHours(1));
        await StepAsync(ChannelStepKind.Shipping, "DIST-1", "GD-1", [], [caseA], Shipped.AddHours(2));
        Assert.Equal(ChannelStepOutcome.Applied, shipped.Outcome);

        var subject = await Activations.GetActivationSubjectAsync(Gtin, "S1");

        Assert.NotNull(subject);
        Assert.Equal((SerialState.Commissioned, "LOT-1", (DateTimeOffset?)null), (subject.State, subject.Lot, subject.RetiredAt));
        Assert.Equal((caseA, pallet), (subject.CaseSscc, subject.PalletSscc));
        Assert.Equal("GD-1", subject.Dealer!.Id);
        Assert.Equal(["CN-440000"], subject.Dealer.Regions);
        var history = await Channel.GetChannelHistoryAsync(Gtin, "S1");
        Assert.Equal((history[^1].ShipmentId, Shipped.AddHours(2)), (subject.ShipmentId, subject.ShippedAt));
        Assert.Equal("DIST-1", (await Activations.GetActivationSubjectAsync(Gtin, "S3"))!.Dealer!.Id);
        Assert.Null(await Activations.GetActivationSubjectAsync(Gtin, "nobody"));
    }

    [Fact]
    public async Task The_subject_of_an_unshipped_decommissioned_or_retired_unit_says_so()
    {
        await PackPalletAsync(["D1", "D2", "D3", "D4"]);
        var next = (await Store.GetLineProgressAsync("L1")).Watermark + 1;
        await Store.AppendEventsAsync("L1", [Decommission(next, T0.AddHours(1), Unit(Gtin, "D2"), "destroyed")]);

        var unshipped = await Activations.GetActivationSubjectAsync(Gtin, "D1");
        Assert.True(await Activations.RetireUnitAsync(Gtin, "D3", Activated));
        Assert.True(await Activations.RetireUnitAsync(Gtin, "D3", Activated.AddDays(1)));
        Assert.False(await Activations.RetireUnitAsync(Gtin, "nobody", Activated));

        Assert.Equal((SerialState.Commissioned, null, null), (unshipped!.State, unshipped.Dealer, unshipped.ShipmentId));
        Assert.Equal(SerialState.Destroyed, (await Activations.GetActivationSubjectAsync(Gtin, "D2"))!.State);
        Assert.Equal(Activated, (await Activations.GetActivationSubjectAsync(Gtin, "D3"))!.RetiredAt);
    }

    [Fact]
    public async Task The_report_counts_units_activations_and_diversions_per_batch_dealer_and_region()
    {
        await CreateDealersAsync();
        var (caseA, _, pallet) = await PackPalletAsync(["R1", "R2", "R3", "R4"]);
        await StepAsync(ChannelStepKind.Shipping, null, "DIST-1", [], [pallet], Shipped);
        await StepAsync(ChannelStepKind.Receiving, "DIST-1", null, [], [pallet], Shipped.AddHours(1));
        await StepAsync(ChannelStepKind.Shipping, "DIST-1", "GD-1", [], [caseA], Shipped.AddHours(2));
        await Store.AllocateSerialBlockAsync(Gtin, "L1", ["R5"]);
        await Activations.RecordActivationAsync(Activation("R1", "a", Activated) with { DealerId = "GD-1" });
        await Activations.RecordActivationAsync(Activation("R2", "b", Activated) with { DealerId = "GD-1", Diversion = true, Region = "CN-330000" });
        await Activations.RecordActivationAsync(Activation("R2", "c", Activated) with { DealerId = "GD-1" });
        await Activations.RecordActivationAsync(Activation("R3", "d", Activated) with { DealerId = "DIST-1" });
        await Activations.RecordActivationAsync(Activation("ZZ", "e", Activated) with { Flags = ActivationConcerns.UnknownSerial });

        var byBatch = await Activations.GetActivationReportAsync(ActivationGrouping.Batch);
        var byDealer = await Activations.GetActivationReportAsync(ActivationGrouping.Dealer);
        var byRegion = await Activations.GetActivationReportAsync(ActivationGrouping.Region);

        Assert.Equal([new ActivationReportRow("LOT-1", Gtin, 4, 3, 1)], byBatch);
        Assert.Equal([new ActivationReportRow("DIST-1", null, 2, 1, 0), new ActivationReportRow("GD-1", null, 2, 2, 1)], byDealer);
        Assert.Equal([new ActivationReportRow("CN", null, 2, 1, 0), new ActivationReportRow("CN-440000", null, 2, 2, 1)], byRegion);
        Assert.Equal(0.75, byBatch[0].Rate);
    }

    // Queued at once, so the store writes them in one batch.
    private IReadOnlyList<Task<bool>> RecordTogether(IReadOnlyList<ActivationRecord> activations) => Store switch
    {
        SqliteCentralStore sqlite => sqlite.RecordActivationsTogether(activations),
        PostgresCentralStore postgres => postgres.RecordActivationsTogether(activations),
        _ => throw new InvalidOperationException($"{Store.GetType().Name} has no batched activation writes."),
    };

    private static ActivationRecord Activation(string serial, string account, DateTimeOffset at) => new(
        Guid.NewGuid(), Gtin, serial, account, "113.87.1.2", "CN-440300", at, new DateTimeOffset(2026, 12, 5, 10, 31, 0, TimeSpan.Zero).AddTicks(7_890),
        ActivationConcerns.None, false, null);
}
