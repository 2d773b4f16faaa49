using Traceability.CentralApi.Storage;
using Traceability.Core.Epcis;

namespace Traceability.CentralApi.Tests.Storage;

/// <summary>The sales channel (dealers, shipments, receipts, sales), the same on every database.</summary>
public abstract partial class CentralStoreComplianceTests
{
    private static readonly DateTimeOffset Shipped = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    private IChannelStore Channel => (IChannelStore)Store;

    [Fact]
    public async Task A_dealer_reads_back_and_a_second_one_with_its_id_is_refused()
    {
        await CreateDealersAsync();

        var gd = await Channel.GetDealerAsync("GD-1");
        Assert.NotNull(gd);
        Assert.Equal(("Guangdong Dealer", "DIST-1", DealerLevel.Dealer), (gd.Name, gd.ParentId, gd.Level));
        Assert.Equal(["CN-440000"], gd.Regions);
        Assert.Equal(Shipped, gd.CreatedAt);
        Assert.False(await Channel.CreateDealerAsync(gd with { Name = "Other" }));
        Assert.Equal("Guangdong Dealer", (await Channel.GetDealerAsync("GD-1"))!.Name);
        Assert.Null(await Channel.GetDealerAsync("nobody"));
        await Assert.ThrowsAsync<ArgumentException>(() => Channel.CreateDealerAsync(Dealer("ORPHAN", "nobody", DealerLevel.Dealer)));
    }

    [Fact]
    public async Task A_pallet_goes_from_the_brand_down_the_channel_and_is_sold_unit_by_unit()
    {
        await CreateDealersAsync();
        var (caseA, _, pallet) = await PackPalletAsync(["P1", "P2", "P3", "P4"]);

        var shipped = await StepAsync(ChannelStepKind.Shipping, null, "DIST-1", [], [pallet], Shipped);
        Assert.Equal((ChannelStepOutcome.Applied, 4), (shipped.Outcome, shipped.UnitCount));
        var inTransit = await Channel.GetChannelStateAsync(Gtin, "P3");
        Assert.Equal((ChannelStatus.InTransit, "DIST-1", null, Shipped, null), (inTransit!.Status, inTransit.Dealer.Id, inTransit.FromDealerId, inTransit.ShippedAt, inTransit.ReceivedAt));

        Assert.Equal(ChannelStepOutcome.Applied, (await StepAsync(ChannelStepKind.Receiving, "DIST-1", null, [], [pallet], Shipped.AddHours(1))).Outcome);
        Assert.Equal(2, (await StepAsync(ChannelStepKind.Shipping, "DIST-1", "GD-1", [], [caseA], Shipped.AddHours(2))).UnitCount);
        Assert.Equal(ChannelStepOutcome.Applied, (await StepAsync(ChannelStepKind.Receiving, "GD-1", null, [], [caseA], Shipped.AddHours(3))).Outcome);
        Assert.Equal(ChannelStepOutcome.Applied, (await StepAsync(ChannelStepKind.Shipping, "GD-1", "STORE-1", [new(Gtin, "P1")], [], Shipped.AddHours(4))).Outcome);
        Assert.Equal(ChannelStepOutcome.Applied, (await StepAsync(ChannelStepKind.Receiving, "STORE-1", null, [new(Gtin, "P1")], [], Shipped.AddHours(5))).Outcome);
        Assert.Equal(ChannelStepOutcome.Applied, (await StepAsync(ChannelStepKind.RetailSelling, "STORE-1", null, [new(Gtin, "P1")], [], Shipped.AddHours(6))).Outcome);

        var sold = await Channel.GetChannelStateAsync(Gtin, "P1");
        Assert.NotNull(sold);
        Assert.Equal((ChannelStatus.Sold, "STORE-1", "GD-1"), (sold.Status, sold.Dealer.Id, sold.FromDealerId));
        Assert.Equal((Shipped.AddHours(4), Shipped.AddHours(5), Shipped.AddHours(6)), (sold.ShippedAt, sold.ReceivedAt, sold.SoldAt));
        Assert.Equal(["CN-440300"], sold.Dealer.Regions);
        var history = await Channel.GetChannelHistoryAsync(Gtin, "P1");
        Assert.Equal(
            [
                (ChannelStepKind.Shipping, null, "DIST-1"), (ChannelStepKind.Receiving, null, "DIST-1"),
                (ChannelStepKind.Shipping, "DIST-1", "GD-1"), (ChannelStepKind.Receiving, "DIST-1", "GD-1"),
                (ChannelStepKind.Shipping, "GD-1", "STORE-1"), (ChannelStepKind.Receiving, "GD-1", "STORE-1"),
                (ChannelStepKind.RetailSelling, "STORE-1", (string?)null),
            ],
            history.Select(h => (h.Step, h.FromDealerId, h.ToDealerId)));
        Assert.Equal(history[0].ShipmentId, history[1].ShipmentId);

        var p3 = await Channel.GetChannelStateAsync(Gtin, "P3");
        Assert.Equal((ChannelStatus.Held, "DIST-1"), (p3!.Status, p3.Dealer.Id));
        Assert.Null(await Channel.GetChannelStateAsync(Gtin, "never-shipped"));
        Assert.Empty(await Channel.GetChannelHistoryAsync(Gtin, "never-shipped"));
    }

    [Fact]
    public async Task A_dealer_sees_the_units_shipped_to_it_or_below_it_and_no_others()
    {
        await CreateDealersAsync();
        Assert.True(await Channel.CreateDealerAsync(Dealer("DIST-2", null, DealerLevel.Distributor)));
        var (caseA, _, pallet) = await PackPalletAsync(["V1", "V2", "V3", "V4"]);
        await StepAsync(ChannelStepKind.Shipping, null, "DIST-1", [], [pallet], Shipped);
        await StepAsync(ChannelStepKind.Receiving, "DIST-1", null, [], [pallet], Shipped.AddHours(1));
        await StepAsync(ChannelStepKind.Shipping, "DIST-1", "GD-1", [], [caseA], Shipped.AddHours(2));

        Assert.True(await Channel.WasShippedWithinAsync("GD-1", Gtin, "V1"));
        Assert.True(await Channel.WasShippedWithinAsync("DIST-1", Gtin, "V1"));
        Assert.False(await Channel.WasShippedWithinAsync("GD-1", Gtin, "V3"));
        Assert.False(await Channel.WasShippedWithinAsync("STORE-1", Gtin, "V1"));
        Assert.False(await Channel.WasShippedWithinAsync("DIST-2", Gtin, "V1"));
        Assert.False(await Channel.WasShippedWithinAsync("nobody", Gtin, "V1"));
    }

    [Fact]
    public async Task A_step_that_names_goods_not_where_it_needs_them_records_nothing()
    {
        await CreateDealersAsync();
        var (_, _, pallet) = await PackPalletAsync(["W1", "W2", "W3", "W4"]);
        await StepAsync(ChannelStepKind.Shipping, null, "DIST-1", [new(Gtin, "W2")], [], Shipped);

        // The pallet holds W2, which already left the brand: the whole shipment is refused, naming W2.
        var refused = await StepAsync(ChannelStepKind.Shipping, null, "DIST-1", [], [pallet], Shipped.AddHours(1));
        Assert.Equal((ChannelStepOutcome.NotAvailable, 4), (refused.Outcome, refused.UnitCount));
        Assert.Equal([new UnitKey(Gtin, "W2")], refused.Units);
        Assert.Null(await Channel.GetChannelStateAsync(Gtin, "W1"));

        // Only the dealer it was shipped to receives it; a dealer ships only what it received; only received goods are sold.
        Assert.Equal(ChannelStepOutcome.NotAvailable, (await StepAsync(ChannelStepKind.Receiving, "GD-1", null, [new(Gtin, "W2")], [], Shipped.AddHours(1))).Outcome);
        Assert.Equal(ChannelStepOutcome.NotAvailable, (await StepAsync(ChannelStepKind.Shipping, "DIST-1", "GD-1", [new(Gtin, "W2")], [], Shipped.AddHours(1))).Outcome);
        Assert.Equal(ChannelStepOutcome.NotAvailable, (await StepAsync(ChannelStepKind.RetailSelling, "DIST-1", null, [new(Gtin, "W2")], [], Shipped.AddHours(1))).Outcome);
        await StepAsync(ChannelStepKind.Receiving, "DIST-1", null, [new(Gtin, "W2")], [], Shipped.AddHours(2));

        // A sale dated before the receipt is refused too.
        Assert.Equal(ChannelStepOutcome.NotAvailable, (await StepAsync(ChannelStepKind.RetailSelling, "DIST-1", null, [new(Gtin, "W2")], [], Shipped.AddHours(1))).Outcome);
        var state = await Channel.GetChannelStateAsync(Gtin, "W2");
        Assert.Equal((ChannelStatus.Held, "DIST-1", (DateTimeOffset?)Shipped.AddHours(2)), (state!.Status, state.Dealer.Id, state.ReceivedAt));
        Assert.Equal(2, (await Channel.GetChannelHistoryAsync(Gtin, "W2")).Count);
    }

    [Fact]
    public async Task Two_shipments_of_one_pallet_at_once_ship_it_once()
    {
        await CreateDealersAsync();
        Assert.True(await Channel.CreateDealerAsync(Dealer("DIST-2", null, DealerLevel.Distributor)));
        var (_, _, pallet) = await PackPalletAsync(["R1", "R2", "R3", "R4"]);
        var other = (IChannelStore)OpenTracked(DatabaseName);

        var results = await Task.WhenAll(
            Task.Run(() => StepAsync(ChannelStepKind.Shipping, null, "DIST-1", [], [pallet], Shipped)),
            Task.Run(() => StepAsync(ChannelStepKind.Shipping, null, "DIST-2", [], [pallet], Shipped, other)));

        Assert.Equal([ChannelStepOutcome.Applied, ChannelStepOutcome.NotAvailable], results.Select(r => r.Outcome).Order());
        var winner = results[0].Outcome == ChannelStepOutcome.Applied ? "DIST-1" : "DIST-2";
        foreach (var serial in new[] { "R1", "R2", "R3", "R4" })
        {
            Assert.Equal(winner, (await Channel.GetChannelStateAsync(Gtin, serial))!.Dealer.Id);
            Assert.Single(await Channel.GetChannelHistoryAsync(Gtin, serial));
        }
    }

    [Fact]
    public async Task Unknown_units_and_containers_are_named_and_nothing_is_recorded()
    {
        await CreateDealersAsync();
        await PackPalletAsync(["K1", "K2", "K3", "K4"]);

        var result = await StepAsync(ChannelStepKind.Shipping, null, "DIST-1", [new(Gtin, "K1"), new(Gtin, "NOPE")], [TestSscc(404)], Shipped);

        Assert.Equal(ChannelStepOutcome.Unknown, result.Outcome);
        Assert.Equal([TestSscc(404)], result.UnknownSsccs);
        Assert.Equal([new UnitKey(Gtin, "NOPE")], result.Units);
        Assert.Null(await Channel.GetChannelStateAsync(Gtin, "K1"));
    }

    [Fact]
    public async Task A_pallet_of_three_thousand_units_ships_and_is_received_in_one_step_each()
    {
        await CreateDealersAsync();
        const int Units = 3000, PerCase = 50;
        var serials = Enumerable.Range(0, Units).Select(i => $"B{i:D5}").ToArray();
        await Store.AllocateSerialBlockAsync(Gtin, "L1", serials);
        var pallet = TestSscc(9000);
        var events = new List<LineEvent>();
        long sequence = 0;
        events.AddRange(serials.Select(s => Commission(++sequence, "L1", Gtin, s, T0)));
        var cases = new List<object>();
        for (var c = 0; c < Units / PerCase; c++)
        {
            var sscc = TestSscc(100 + c);
            cases.Add(Case(sscc));
            events.Add(Aggregate(++sequence, T0.AddMinutes(1), sscc, [.. serials.Skip(c * PerCase).Take(PerCase).Select(s => Unit(Gtin, s))]));
        }

        events.Add(Aggregate(++sequence, T0.AddMinutes(2), pallet, [.. cases]));
        foreach (var chunk in events.Chunk(1000))
        {
            await Store.AppendEventsAsync("L1", chunk);
        }

        var shipped = await StepAsync(ChannelStepKind.Shipping, null, "DIST-1", [], [pallet], Shipped);
        var received = await StepAsync(ChannelStepKind.Receiving, "DIST-1", null, [], [pallet], Shipped.AddHours(1));

        Assert.Equal((ChannelStepOutcome.Applied, Units), (shipped.Outcome, shipped.UnitCount));
        Assert.Equal((ChannelStepOutcome.Applied, Units), (received.Outcome, received.UnitCount));
        foreach (var serial in new[] { serials[0], serials[1234], serials[^1] })
        {
            Assert.Equal(ChannelStatus.Held, (await Channel.GetChannelStateAsync(Gtin, serial))!.Status);
            Assert.Equal(2, (await Channel.GetChannelHistoryAsync(Gtin, serial)).Count);
        }
    }

    [Fact]
    public async Task Each_step_stores_its_epcis_event_with_the_identifiers_it_names()
    {
        await CreateDealersAsync();
        var (_, _, pallet) = await PackPalletAsync(["E1", "E2", "E3", "E4"]);
        var epcis = (IEpcisStore)Store;

        await StepAsync(ChannelStepKind.Shipping, null, "DIST-1", [], [pallet], Shipped);
        await StepAsync(ChannelStepKind.Shipping, null, "DIST-1", [], [pallet], Shipped.AddHours(1));

        var stored = await epcis.QueryCapturedAsync(new CapturedEventQuery(null, ["shipping"], [], null, null, null, 10));
        var single = Assert.Single(stored);
        Assert.Equal(Shipped, single.EventTime);
        Assert.Contains(pallet, single.EventJson, StringComparison.Ordinal);
        var byPallet = await epcis.QueryCapturedAsync(new CapturedEventQuery(
            null, null, [new EpcCondition([EpcRole.Epc], [$"https://id.gs1.org/00/{pallet}"], [])], null, null, null, 10));
        Assert.Equal(single.Key, Assert.Single(byPallet).Key);
    }

    private async Task CreateDealersAsync()
    {
        Assert.True(await Channel.CreateDealerAsync(Dealer("DIST-1", null, DealerLevel.Distributor, "CN")));
        Assert.True(await Channel.CreateDealerAsync(Dealer("GD-1", "DIST-1", DealerLevel.Dealer, "CN-440000") with { Name = "Guangdong Dealer" }));
        Assert.True(await Channel.CreateDealerAsync(Dealer("STORE-1", "GD-1", DealerLevel.Store, "CN-440300")));
    }

    private static DealerRecord Dealer(string id, string? parent, DealerLevel level, string region = "CN") =>
        new(id, id + " name", parent, level, [region], Shipped);

    // Four units: two in case A, two in case B, both cases on a pallet; committed through the line append path.
    private async Task<(string CaseA, string CaseB, string Pallet)> PackPalletAsync(string[] serials)
    {
        await Store.AllocateSerialBlockAsync(Gtin, "L1", serials);
        var (caseA, caseB, pallet) = (TestSscc(1), TestSscc(2), TestSscc(3));
        var progress = await Store.GetLineProgressAsync("L1");
        var next = progress.Watermark;
        var events = serials.Select(s => Commission(++next, "L1", Gtin, s, T0)).ToList();
        events.Add(Aggregate(++next, T0.AddMinutes(1), caseA, Unit(Gtin, serials[0]), Unit(Gtin, serials[1])));
        events.Add(Aggregate(++next, T0.AddMinutes(1), caseB, Unit(Gtin, serials[2]), Unit(Gtin, serials[3])));
        events.Add(Aggregate(++next, T0.AddMinutes(2), pallet, Case(caseA), Case(caseB)));
        await Store.AppendEventsAsync("L1", events);
        return (caseA, caseB, pallet);
    }

    private Task<ChannelStepResult> StepAsync(
        ChannelStepKind kind, string? dealer, string? to, IReadOnlyList<UnitKey> units, IReadOnlyList<string> ssccs, DateTimeOffset at, IChannelStore? store = null)
    {
        var key = $"urn:uuid:{Guid.NewGuid():D}";
        var epcs = ssccs.Select(s => new EpcReference($"https://id.gs1.org/00/{s}", EpcRole.Epc)).ToList();
        var json = $$"""{"type":"ObjectEvent","eventID":"{{key}}","ssccs":"{{string.Join(",", ssccs)}}"}""";
        var record = new CapturedEventRecord(key, "ObjectEvent", at, kind switch
        {
            ChannelStepKind.Shipping => "shipping",
            ChannelStepKind.Receiving => "receiving",
            _ => "retail_selling",
        }, "ni:///sha-256;" + key, json, epcs);
        return (store ?? Channel).RecordChannelStepAsync(new ChannelStep(kind, dealer, to, units, ssccs, Guid.NewGuid(), at, record));
    }
}
