using Traceability.CentralApi.Storage;
using Traceability.CentralApi.Warranty;

namespace Traceability.CentralApi.Tests.Storage;

/// <summary>Consumer scans (counter and last placed scan) and reward claims (one per unit, race-safe), on every database.</summary>
public abstract partial class CentralStoreComplianceTests
{
    private static readonly DateTimeOffset Scanned = new DateTimeOffset(2026, 12, 24, 23, 30, 0, TimeSpan.FromHours(8)).AddTicks(7_890);

    private IConsumerScanStore Scans => (IConsumerScanStore)Store;

    private IRewardStore Rewards => (IRewardStore)Store;

    [Fact]
    public async Task A_scan_is_kept_and_counted_per_day_and_in_all_and_only_a_placed_scan_moves_the_last_region()
    {
        Assert.Null(await Scans.GetScanCounterAsync(Gtin, "C1"));
        var first = Scan("C1", Scanned, "CN-440300", "genuine");
        var unplaced = Scan("C1", Scanned.AddMinutes(5), null, "suspicious", "too_many_scans_today");
        var nextDay = Scan("C1", Scanned.AddDays(1), "CN-330000", "suspicious", "impossible_travel", "too_many_scans");

        await Scans.RecordScanAsync(first);
        await Scans.RecordScanAsync(unplaced);
        var afterTwo = await Scans.GetScanCounterAsync(Gtin, "C1");
        await Scans.RecordScanAsync(nextDay);
        var afterThree = await Scans.GetScanCounterAsync(Gtin, "C1");

        // Scanned at 23:30 +08:00 is 15:30 UTC: the day is the UTC date.
        Assert.Equal((2L, new DateOnly(2026, 12, 24), 2, "CN-440300"), (afterTwo!.Total, afterTwo.Day, afterTwo.DayCount, afterTwo.LastRegion));
        Assert.Equal(Scanned.ToUnixTimeMilliseconds(), afterTwo.LastAt!.Value.ToUnixTimeMilliseconds());
        Assert.Equal((3L, new DateOnly(2026, 12, 25), 1, "CN-330000"), (afterThree!.Total, afterThree.Day, afterThree.DayCount, afterThree.LastRegion));
        var listed = await Scans.ListScansAsync(Gtin, "C1");
        Assert.Equal([first.ScanId, unplaced.ScanId, nextDay.ScanId], listed.Select(s => s.ScanId));
        Assert.Equal(["impossible_travel", "too_many_scans"], listed[2].Reasons);
        Assert.Empty(listed[0].Reasons);
        Assert.Null(listed[1].Region);
        Assert.Empty(await Scans.ListScansAsync(Gtin, "C2"));
    }

    [Fact]
    public async Task Concurrent_scans_from_two_processes_are_all_counted()
    {
        var other = (IConsumerScanStore)OpenTracked(DatabaseName);
        using var start = new ManualResetEventSlim();
        var tasks = Enumerable.Range(0, 12).Select(i => Task.Run(async () =>
        {
            start.Wait();
            await (i % 2 == 0 ? Scans : other).RecordScanAsync(Scan("C3", Scanned.AddSeconds(i), "CN-440300", "genuine"));
        })).ToList();
        start.Set();
        await Task.WhenAll(tasks);

        var counter = await Scans.GetScanCounterAsync(Gtin, "C3");
        Assert.Equal((12L, 12), (counter!.Total, counter.DayCount));
        Assert.Equal(12, (await Scans.ListScansAsync(Gtin, "C3")).Count);
    }

    [Fact]
    public async Task The_scan_subject_state_is_the_units_channel_state_and_its_counter()
    {
        await CreateDealersAsync();
        var (_, _, pallet) = await PackPalletAsync(["S1", "S2", "S3", "S4"]);
        await StepAsync(ChannelStepKind.Shipping, null, "DIST-1", [], [pallet], Shipped);
        await Scans.RecordScanAsync(Scan("S1", Scanned, "CN-440300", "genuine"));
        await Scans.RecordScanAsync(Scan("S1", Scanned.AddMinutes(1), null, "genuine"));

        var scanned = await Scans.GetScanSubjectStateAsync(Gtin, "S1");
        var never = await Scans.GetScanSubjectStateAsync(Gtin, "S2");
        var unshipped = await Scans.GetScanSubjectStateAsync(Gtin, "NOT-SHIPPED");

        Assert.Equal((ChannelStatus.InTransit, "DIST-1"), (scanned.Channel!.Status, scanned.Channel.Dealer.Id));
        Assert.Equal((await Channel.GetChannelStateAsync(Gtin, "S1"))!.ShippedAt, scanned.Channel.ShippedAt);
        Assert.Equal(await Scans.GetScanCounterAsync(Gtin, "S1"), scanned.Counter);
        Assert.Equal((2L, "CN-440300"), (scanned.Counter!.Total, scanned.Counter.LastRegion));
        Assert.Equal(("DIST-1", null), (never.Channel?.Dealer.Id, never.Counter));
        Assert.Equal(new ScanSubjectState(null, null), unshipped);
    }

    [Fact]
    public async Task Scans_written_together_are_all_counted_and_one_that_fails_fails_no_other()
    {
        // Scans are group-committed: a group that fails is written again scan by scan, so only the bad one fails.
        var kept = Scan("G1", Scanned, "CN-440300", "genuine");
        await Scans.RecordScanAsync(kept);
        using var start = new ManualResetEventSlim();
        var scans = Enumerable.Range(0, 40).Select(i => i == 17 ? kept with { ScannedAt = Scanned.AddSeconds(i) } : Scan(i % 2 == 0 ? "G1" : "G2", Scanned.AddSeconds(i), "CN-440300", "genuine")).ToList();
        var tasks = scans.Select(scan => Task.Run(async () =>
        {
            start.Wait();
            await Scans.RecordScanAsync(scan);
        })).ToList();
        start.Set();
        var outcomes = await Task.WhenAll(tasks.Select(async t =>
        {
            try
            {
                await t;
                return true;
            }
            catch (Exception e) when (e is Microsoft.Data.Sqlite.SqliteException or Npgsql.PostgresException)
            {
                return false;
            }
        }));

        Assert.Equal(Enumerable.Range(0, 40).Select(i => i != 17), outcomes);
        Assert.Equal((21L, 21), ((await Scans.GetScanCounterAsync(Gtin, "G1"))!.Total, (await Scans.ListScansAsync(Gtin, "G1")).Count));
        Assert.Equal((19L, 19), ((await Scans.GetScanCounterAsync(Gtin, "G2"))!.Total, (await Scans.ListScansAsync(Gtin, "G2")).Count));
    }

    [Fact]
    public async Task Scans_of_one_unit_written_in_one_group_are_counted_in_arrival_order()
    {
        // Scans are group-committed (one transaction for many scans): a unit scanned four times in one group must count as
        // four scans, in arrival order (a statement over arrays for the group could update its counter only once).
        await Scans.RecordScanAsync(Scan("W1", Scanned.AddMinutes(-10), "CN-110000", "genuine"));
        ConsumerScanRecord[] group =
        [
            Scan("W1", Scanned, "CN-440300", "genuine"),
            Scan("W2", Scanned, "CN-330000", "genuine"),
            Scan("W1", Scanned.AddMinutes(1), null, "suspicious", "too_many_scans_today"),
            Scan("W1", Scanned.AddMinutes(2), "CN-310000", "suspicious", "impossible_travel"),
            Scan("W3", Scanned, null, "genuine"),
            Scan("W1", Scanned.AddDays(1), null, "genuine"),
        ];

        await Task.WhenAll(WriteScansTogether(group));

        var w1 = await Scans.GetScanCounterAsync(Gtin, "W1");
        Assert.Equal((5L, new DateOnly(2026, 12, 25), 1, "CN-310000"), (w1!.Total, w1.Day, w1.DayCount, w1.LastRegion));
        Assert.Equal(Scanned.AddMinutes(2).ToUnixTimeMilliseconds(), w1.LastAt!.Value.ToUnixTimeMilliseconds());
        var w2 = await Scans.GetScanCounterAsync(Gtin, "W2");
        Assert.Equal((1L, 1, "CN-330000"), (w2!.Total, w2.DayCount, w2.LastRegion));
        var w3 = await Scans.GetScanCounterAsync(Gtin, "W3");
        Assert.Equal((1L, 1, null, (DateTimeOffset?)null), (w3!.Total, w3.DayCount, w3.LastRegion, w3.LastAt));
        Assert.Equal(
            group.Where(s => s.Serial == "W1").Select(s => (s.ScanId, s.Region, s.Verdict, string.Join(',', s.Reasons))),
            (await Scans.ListScansAsync(Gtin, "W1")).Skip(1).Select(s => (s.ScanId, s.Region, s.Verdict, string.Join(',', s.Reasons))));
    }

    [Fact]
    public async Task A_scan_day_count_in_a_group_counts_the_scans_of_that_day_only()
    {
        // The day of the first scan in a group is not the day of the counter row before it: the count starts again.
        await Scans.RecordScanAsync(Scan("W4", Scanned.AddDays(-1), "CN-440300", "genuine"));
        await Scans.RecordScanAsync(Scan("W4", Scanned.AddDays(-1).AddMinutes(1), "CN-440300", "genuine"));

        await Task.WhenAll(WriteScansTogether([Scan("W4", Scanned, null, "genuine"), Scan("W4", Scanned.AddMinutes(1), null, "genuine")]));

        var w4 = await Scans.GetScanCounterAsync(Gtin, "W4");
        Assert.Equal((4L, new DateOnly(2026, 12, 24), 2, "CN-440300"), (w4!.Total, w4.Day, w4.DayCount, w4.LastRegion));
    }

    private IReadOnlyList<Task<bool>> WriteScansTogether(IReadOnlyList<ConsumerScanRecord> scans) => Store switch
    {
        SqliteCentralStore sqlite => sqlite.RecordScansTogether(scans),
        PostgresCentralStore postgres => postgres.RecordScansTogether(scans),
        _ => throw new InvalidOperationException($"{Store.GetType().Name} has no batched scan writes."),
    };

    [Fact]
    public async Task Scan_subjects_read_together_are_the_ones_read_one_by_one_and_what_each_read_says()
    {
        // The subjects of concurrent scans are read in one batch (PostgreSQL: arrays; SQLite: one prepared statement pair in one
        // read transaction): each answer must still be its own unit's.
        await CreateDealersAsync();
        var (_, _, pallet) = await PackPalletAsync(["SB1", "SB2", "SB3", "SB4"]);
        await StepAsync(ChannelStepKind.Shipping, null, "DIST-1", [], [pallet], Shipped);
        await StepAsync(ChannelStepKind.Receiving, "DIST-1", null, [], [pallet], Shipped.AddHours(1));
        Assert.Equal(ChannelStepOutcome.Applied, (await StepAsync(ChannelStepKind.RetailSelling, "DIST-1", null, [new(Gtin, "SB1")], [], Shipped.AddHours(2))).Outcome);
        await Scans.RecordScanAsync(Scan("SB1", Scanned, "CN-440300", "genuine"));
        await Scans.RecordScanAsync(Scan("SB2", Scanned, null, "genuine"));
        var correction = new WarrantyCorrection(Guid.NewGuid(), Gtin, "SB1", new DateOnly(2026, 3, 1), "invoice 0001", "desk-a", Scanned, null, null);
        await Corrections.AddWarrantyCorrectionAsync(correction);
        await Corrections.AddWarrantyCorrectionAsync(correction with { CorrectionId = Guid.NewGuid(), InvoiceDate = new DateOnly(2026, 2, 27), CorrectedAt = Scanned.AddHours(1) });
        await Activations.RecordActivationAsync(Activation("SB1", "acct-1", Activated));
        await Activations.RecordActivationAsync(Activation("SB1", "acct-2", Activated.AddDays(1)));
        await Activations.RecordActivationAsync(Activation("SB2", "acct-3", Activated) with { Flags = ActivationConcerns.Retired });
        (string, string)[] units = [(Gtin, "SB1"), (Gtin, "NEVER-ISSUED"), (Gtin, "SB2"), (Gtin, "SB3"), (Gtin, "SB1")];

        var together = await Task.WhenAll(ReadSubjectsTogether(units));
        var oneByOne = new List<ScanSubject?>();
        foreach (var (gtin, serial) in units)
        {
            oneByOne.Add(await Scans.GetScanSubjectAsync(gtin, serial));
        }

        Assert.Equivalent(oneByOne, together, strict: true);
        Assert.Null(together[1]);
        foreach (var serial in new[] { "SB1", "SB2", "SB3" })
        {
            var subject = together.First(s => s?.Hierarchy.Unit.Serial == serial)!;
            Assert.Equivalent(await Hierarchy.GetUnitHierarchyAsync(Gtin, serial), subject.Hierarchy, strict: true);
            Assert.Equivalent(await Scans.GetScanSubjectStateAsync(Gtin, serial), subject.State, strict: true);
            Assert.Equal(await Activations.GetFirstActivationAsync(Gtin, serial), subject.Warranty.FirstActivation);
            Assert.Equal(WarrantyReads.ChannelDates(await Channel.GetChannelHistoryAsync(Gtin, serial)), (subject.Warranty.Shipped, subject.Warranty.SaleOut));
        }

        var (sb1, sb2, sb3) = (together[0]!, together[2]!, together[3]!);
        Assert.Equal((2, 1L, "acct-1"), (sb1.Hierarchy.Containers.Count, sb1.State.Counter!.Total, sb1.Warranty.FirstActivation!.AccountId));
        Assert.Equal(new DateOnly(2026, 2, 27), sb1.Warranty.InvoiceDate);
        Assert.Equal((Shipped, Shipped.AddHours(2)), (sb1.Warranty.Shipped, sb1.Warranty.SaleOut));
        Assert.Equal((ChannelStatus.Sold, ChannelStatus.Held), (sb1.State.Channel!.Status, sb2.State.Channel!.Status));
        Assert.Equal((null, (DateTimeOffset?)null, ActivationConcerns.Retired), (sb2.Warranty.InvoiceDate, sb2.Warranty.SaleOut, sb2.Warranty.FirstActivation!.Flags));
        Assert.Equal(("SB3", null, null, Shipped), (sb3.Hierarchy.Unit.Serial, sb3.State.Counter, sb3.Warranty.FirstActivation, sb3.Warranty.Shipped));
    }

    private IReadOnlyList<Task<ScanSubject?>> ReadSubjectsTogether(IReadOnlyList<(string Gtin, string Serial)> units) => Store switch
    {
        SqliteCentralStore sqlite => sqlite.ReadScanSubjectsTogether(units),
        PostgresCentralStore postgres => postgres.ReadScanSubjectsTogether(units),
        _ => throw new InvalidOperationException($"{Store.GetType().Name} has no batched scan subject reads."),
    };

    [Fact]
    public async Task A_unit_has_one_reward_claim_and_every_attempt_counts_toward_the_rates()
    {
        var claim = Claim("R1", "acct-1", "dev-1");
        Assert.True(await Rewards.RecordClaimAttemptAsync(Attempt(claim, "granted"), claim));
        var second = Claim("R1", "acct-2", "dev-2");
        Assert.False(await Rewards.RecordClaimAttemptAsync(Attempt(second, "granted"), second));
        var refused = Claim("R2", "acct-1", "dev-2");
        Assert.False(await Rewards.RecordClaimAttemptAsync(Attempt(refused, "not_sold"), null));

        Assert.Equal(claim.ClaimId, (await Rewards.GetClaimAsync(Gtin, "R1"))!.ClaimId);
        Assert.Equal(("acct-1", 100), ((await Rewards.GetClaimAsync(Gtin, "R1"))!.AccountId, (await Rewards.GetClaimAsync(Gtin, "R1"))!.Points));
        Assert.Null(await Rewards.GetClaimAsync(Gtin, "R2"));
        Assert.Equal(new ClaimRates(2, 2, 3), await Rewards.GetClaimRatesAsync("acct-1", "dev-2", "113.87.20.4", Scanned.AddMinutes(-1)));
        Assert.Equal(new ClaimRates(0, 0, 0), await Rewards.GetClaimRatesAsync("acct-1", "dev-2", "113.87.20.4", Scanned.AddMinutes(1)));
        Assert.Equal(new ClaimRates(0, 0, 0), await Rewards.GetClaimRatesAsync("acct-9", "dev-9", null, Scanned.AddMinutes(-1)));
    }

    [Fact]
    public async Task Concurrent_claims_of_one_unit_from_two_processes_leave_exactly_one_winner()
    {
        var other = (IRewardStore)OpenTracked(DatabaseName);
        for (var round = 0; round < 5; round++)
        {
            var serial = $"RW{round}";
            var claims = Enumerable.Range(0, 8).Select(i => Claim(serial, $"acct-{i}", $"dev-{i}")).ToList();
            using var start = new ManualResetEventSlim();
            var tasks = claims.Select((c, i) => Task.Run(async () =>
            {
                start.Wait();
                return await (i % 2 == 0 ? Rewards : other).RecordClaimAttemptAsync(Attempt(c, "granted"), c);
            })).ToList();
            start.Set();
            var won = await Task.WhenAll(tasks);

            var winner = Assert.Single(claims.Where((_, i) => won[i]));
            Assert.Equal(winner.ClaimId, (await other.GetClaimAsync(Gtin, serial))!.ClaimId);
        }
    }

    private static ConsumerScanRecord Scan(string serial, DateTimeOffset at, string? region, string verdict, params string[] reasons) =>
        new(Guid.CreateVersion7(at), Gtin, serial, at, "113.87.20.4", region, verdict, reasons);

    private static RewardClaim Claim(string serial, string account, string device) =>
        new(Guid.NewGuid(), Gtin, serial, account, device, "113.87.20.4", 100, Scanned);

    private static ClaimAttempt Attempt(RewardClaim claim, string outcome) =>
        new(Guid.NewGuid(), claim.Gtin, claim.Serial, claim.AccountId, claim.DeviceId, claim.IpAddress, claim.ClaimedAt, outcome);
}
