using Traceability.CentralApi.Storage;

namespace Traceability.CentralApi.Tests.Storage;

/// <summary>Price-watch listings and the per-dealer evidence counts, the same on every database.</summary>
public abstract partial class CentralStoreComplianceTests
{
    // Not UTC and finer than a microsecond: the stores must keep it comparable after a round trip.
    private static readonly DateTimeOffset ListedFrom = new DateTimeOffset(2026, 12, 8, 10, 0, 0, TimeSpan.FromHours(8)).AddTicks(3);

    private IPriceWatchStore PriceWatch => (IPriceWatchStore)Store;

    [Fact]
    public async Task Listings_read_back_as_stored_and_adding_one_again_stores_nothing()
    {
        var cheap = Listing("l-cheap", "tmall", "Shop A", ListedFrom, 599.5m, PriceTier.Under30) with
        {
            Sku = "W1-BLK", Serial = "S77", TracedDealerId = "GD-1", ShipmentChain = ["DIST-1", "GD-1"],
        };
        var fine = Listing("l-fine", "tmall", "Shop A", ListedFrom.AddMinutes(1), 899m, null) with { Authorized = true, StoreDealerId = "GD-1" };

        var added = await PriceWatch.AddListingsAsync([cheap, fine]);
        var again = await PriceWatch.AddListingsAsync([cheap with { Price = 1m }]);
        var alertId = Guid.CreateVersion7();

        Assert.Equal(["l-cheap", "l-fine"], added.Order(StringComparer.Ordinal));
        Assert.Empty(again);
        Assert.True(await PriceWatch.SetListingAlertAsync("l-cheap", alertId));
        Assert.False(await PriceWatch.SetListingAlertAsync("l-none", alertId));
        var read = Assert.Single(await PriceWatch.ListViolationsAsync(Violations()));
        Assert.Equal(["DIST-1", "GD-1"], read.ShipmentChain);
        Assert.Equal(
            cheap with { ListedAt = EventBatch.Stored(cheap.ListedAt), ImportedAt = EventBatch.Stored(cheap.ImportedAt), AlertId = alertId, ShipmentChain = read.ShipmentChain },
            read);
        Assert.Equal("599.5", read.Price.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Violations_filter_by_platform_store_tier_and_time_and_page_newest_first()
    {
        var listings = new[]
        {
            Listing("a1", "tmall", "Shop A", ListedFrom, 700m, PriceTier.Under15),
            Listing("a2", "tmall", "Shop A", ListedFrom.AddHours(1), 500m, PriceTier.BelowCost),
            Listing("b1", "jd", "Shop B", ListedFrom.AddHours(2), 899m, null),
            Listing("b2", "jd", "Shop B", ListedFrom.AddHours(3), 899m, null) with { Authorized = true, StoreDealerId = "GD-1" },
            Listing("c1", "jd", "Shop C", ListedFrom.AddHours(2), 600m, PriceTier.Under30),
        };
        await PriceWatch.AddListingsAsync(listings);

        async Task<string[]> Ids(ViolationQuery q) => (await PriceWatch.ListViolationsAsync(q)).Select(l => l.ListingId).ToArray();

        Assert.Equal(["c1", "b1", "a2", "a1"], await Ids(Violations()));
        Assert.Equal(["a2", "a1"], await Ids(Violations() with { Platform = "TMALL" }));
        Assert.Equal(["b1"], await Ids(Violations() with { Store = "shop b" }));
        Assert.Equal(["c1"], await Ids(Violations() with { Tier = PriceTier.Under30 }));
        Assert.Equal(["a2"], await Ids(Violations() with { From = ListedFrom.AddHours(1), To = ListedFrom.AddHours(2) }));
        var first = await PriceWatch.ListViolationsAsync(Violations() with { Limit = 2 });
        Assert.Equal(["c1", "b1"], first.Select(l => l.ListingId));
        Assert.Equal(["a2", "a1"], await Ids(Violations() with { Limit = 2, After = new ListingPosition(first[^1].ListedAt, first[^1].ListingId) }));
    }

    [Fact]
    public async Task Test_buys_count_distinct_units_per_dealer_and_diverted_activations_count_per_dealer()
    {
        await PriceWatch.AddListingsAsync(
        [
            Listing("t1", "tmall", "Shop A", ListedFrom, 899m, null) with { Serial = "U1", TracedDealerId = "GD-1" },
            Listing("t2", "tmall", "Shop A", ListedFrom.AddDays(1), 880m, null) with { Serial = "U1", TracedDealerId = "GD-1" },
            Listing("t3", "jd", "Shop B", ListedFrom, 899m, null) with { Serial = "U2", TracedDealerId = "GD-1" },
            Listing("t4", "jd", "Shop B", ListedFrom, 899m, null) with { Serial = "U3", TracedDealerId = "SH-1" },
            Listing("t5", "jd", "Shop B", ListedFrom, 899m, null) with { Serial = "U4" },
        ]);
        var activations = (IActivationStore)Store;
        var at = new DateTimeOffset(2026, 12, 5, 10, 0, 0, TimeSpan.Zero);
        foreach (var (serial, diversion, dealer) in new[] { ("V1", true, "SH-1"), ("V2", true, "SH-1"), ("V3", true, "GD-1"), ("V4", false, "GD-1") })
        {
            await activations.RecordActivationAsync(new ActivationRecord(
                Guid.NewGuid(), Gtin, serial, "acct", "113.87.1.2", "CN-440300", at, at, ActivationConcerns.None, diversion, dealer));
        }

        Assert.Equal([new DealerEvidenceCount("GD-1", 2), new DealerEvidenceCount("SH-1", 1)], await PriceWatch.CountTestBuysByDealerAsync());
        Assert.Equal([new DealerEvidenceCount("SH-1", 2), new DealerEvidenceCount("GD-1", 1)], await PriceWatch.CountDivertedActivationsByDealerAsync());
    }

    [Fact]
    public async Task A_dealers_test_buys_and_diverted_first_activations_list_newest_first_and_name_only_that_dealer()
    {
        await PriceWatch.AddListingsAsync(
        [
            Listing("t1", "tmall", "Shop A", ListedFrom, 899m, null) with { Serial = "U1", TracedDealerId = "GD-1" },
            Listing("t2", "tmall", "Shop A", ListedFrom.AddDays(1), 880m, null) with { Serial = "U1", TracedDealerId = "GD-1" },
            Listing("t3", "jd", "Shop B", ListedFrom.AddHours(1), 899m, null) with { Serial = "U3", TracedDealerId = "SH-1" },
            Listing("t4", "jd", "Shop B", ListedFrom.AddHours(2), 599m, PriceTier.BelowCost),
        ]);
        var activations = (IActivationStore)Store;
        var at = new DateTimeOffset(2026, 12, 5, 10, 0, 0, TimeSpan.Zero).AddTicks(3);
        var rows = new[] { ("V1", true, "SH-1", 0), ("V2", true, "SH-1", 5), ("V3", true, "GD-1", 1), ("V4", false, "SH-1", 9) };
        foreach (var (serial, diversion, dealer, minutes) in rows)
        {
            await activations.RecordActivationAsync(new ActivationRecord(
                Guid.NewGuid(), Gtin, serial, "acct", "113.87.1.2", "CN-440300", at, at.AddMinutes(minutes), ActivationConcerns.None, diversion, dealer));
        }

        // A later activation of V1 is history, not a first: it is not listed again.
        await activations.RecordActivationAsync(new ActivationRecord(
            Guid.NewGuid(), Gtin, "V1", "acct-2", "113.87.1.3", "CN-440300", at, at.AddMinutes(20), ActivationConcerns.None, true, "SH-1"));

        Assert.Equal(["t2", "t1"], (await PriceWatch.ListTestBuysAsync("GD-1", 10)).Select(l => l.ListingId));
        Assert.Equal(["t2"], (await PriceWatch.ListTestBuysAsync("GD-1", 1)).Select(l => l.ListingId));
        Assert.Empty(await PriceWatch.ListTestBuysAsync("NOBODY", 10));
        var diverted = await activations.ListDivertedActivationsAsync("SH-1", 10);
        Assert.Equal(["V2", "V1"], diverted.Select(a => a.Serial));
        Assert.Equal(("acct", EventBatch.Stored(at.AddMinutes(5)), "SH-1", true), (diverted[0].AccountId, diverted[0].ReceivedAt, diverted[0].DealerId, diverted[0].Diversion));
        Assert.Equal(["V3"], (await activations.ListDivertedActivationsAsync("GD-1", 10)).Select(a => a.Serial));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => activations.ListDivertedActivationsAsync("GD-1", 0));
    }

    private static ViolationQuery Violations() => new(null, null, null, null, null, null, 100);

    private static PriceListing Listing(string id, string platform, string store, DateTimeOffset at, decimal price, PriceTier? tier) => new(
        id, platform, store.ToLowerInvariant(), null, Gtin, price, "CNY", at, null, new DateTimeOffset(2026, 12, 9, 1, 2, 3, TimeSpan.Zero).AddTicks(9),
        899m, 539.4m, tier, false, null, null, [], null);
}
