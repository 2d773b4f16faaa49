using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Traceability.CentralApi.Tests.Epcis;
using Traceability.CentralApi.Tests.Grpc;
using Traceability.Core.Gs1;
using static Traceability.CentralApi.Tests.Channel.ChannelStory;

namespace Traceability.CentralApi.Tests.Channel;

/// <summary>
/// The seed story over HTTP: units made on a line and packed case → pallet, the pallet shipped brand → distributor →
/// Guangdong dealer → store, received at each step and sold; and what dealers may not do or see.
/// </summary>
public sealed class ChannelEndpointTests : IDisposable
{
    private const string Gtin = "09506000134352";
    private const string Shanghai = "SH-1";
    private static readonly string CaseA = Sscc.Create(0, "9506000", 11).Value;
    private static readonly string CaseB = Sscc.Create(0, "9506000", 12).Value;
    private static readonly string Pallet = Sscc.Create(0, "9506000", 13).Value;
    private readonly CentralApiFactory _factory = new() { Dealers = { Distributor, Guangdong, Store, Shanghai } };

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task A_pallet_travels_from_the_brand_to_a_store_and_its_units_carry_the_channel_history()
    {
        var serials = await SeedAsync();

        await ShipAsync(CentralApiFactory.AdminKey, Distributor, 4, $"https://id.gs1.org/00/{Pallet}");
        await ReceiveAsync(Distributor, 4, $"(00){Pallet}");
        await ShipAsync(Dealer(Distributor), Guangdong, 4, $"(00){Pallet}");
        await ReceiveAsync(Guangdong, 4, $"https://id.gs1.org/00/{Pallet}");
        await ShipAsync(Dealer(Guangdong), Store, 2, $"(00){CaseA}");
        await ReceiveAsync(Store, 2, $"(00){CaseA}");
        var now = DateTimeOffset.UtcNow;
        // Whole seconds (the response echoes it exactly), after the receipt (a sale before it is refused).
        var soldAt = new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero).AddSeconds(1).ToOffset(TimeSpan.FromHours(8));
        using (var store = _factory.HttpClient(Dealer(Store)))
        using (var sold = await store.PostAsJsonAsync("/api/sales", new { codes = new[] { $"(01){Gtin}(21){serials[0]}" }, soldAt }))
        {
            Assert.Equal(HttpStatusCode.OK, sold.StatusCode);
        }

        using var staff = _factory.HttpClient(CentralApiFactory.ServiceDeskKey);
        using var unit = JsonDocument.Parse(await staff.GetStringAsync($"/api/units/{Gtin}/{serials[0]}"));
        var channel = unit.RootElement.GetProperty("channel");
        Assert.Equal(("sold", Store, Guangdong), (channel.GetProperty("status").GetString(), channel.GetProperty("dealerId").GetString(), channel.GetProperty("fromDealerId").GetString()));
        Assert.Equal(soldAt, channel.GetProperty("soldAt").GetDateTimeOffset());
        Assert.Equal(
            ["shipping:→DIST-1", "receiving:→DIST-1", "shipping:DIST-1→GD-1", "receiving:DIST-1→GD-1", "shipping:GD-1→STORE-GZ-1", "receiving:GD-1→STORE-GZ-1", "retail_selling:STORE-GZ-1→"],
            channel.GetProperty("history").EnumerateArray().Select(h => $"{h.GetProperty("step").GetString()}:{h.GetProperty("fromDealerId").GetString()}→{h.GetProperty("toDealerId").GetString()}"));

        using var caseB = JsonDocument.Parse(await staff.GetStringAsync($"/api/units/{Gtin}/{serials[2]}"));
        Assert.Equal(("held", Guangdong), (caseB.RootElement.GetProperty("channel").GetProperty("status").GetString(), caseB.RootElement.GetProperty("channel").GetProperty("dealerId").GetString()));
    }

    [Fact]
    public async Task A_dealer_reads_the_units_it_or_its_sub_dealers_were_sent_and_gets_404_for_any_other()
    {
        var serials = await SeedAsync();
        await ShipAsync(CentralApiFactory.AdminKey, Distributor, 4, $"(00){Pallet}");
        await ReceiveAsync(Distributor, 4, $"(00){Pallet}");
        await ShipAsync(Dealer(Distributor), Guangdong, 2, $"(00){CaseA}");

        Assert.Equal(HttpStatusCode.OK, await UnitStatusAsync(Dealer(Guangdong), serials[0]));
        Assert.Equal(HttpStatusCode.OK, await UnitStatusAsync(Dealer(Distributor), serials[0]));
        Assert.Equal(HttpStatusCode.NotFound, await UnitStatusAsync(Dealer(Guangdong), serials[2]));
        Assert.Equal(HttpStatusCode.NotFound, await UnitStatusAsync(Dealer(Shanghai), serials[0]));
        Assert.Equal(HttpStatusCode.NotFound, await UnitStatusAsync(Dealer(Store), serials[0]));
        Assert.Equal(HttpStatusCode.NotFound, await UnitStatusAsync(CentralApiFactory.DealerKey, serials[0]));
        Assert.Equal(HttpStatusCode.Forbidden, await UnitStatusAsync(CentralApiFactory.InspectorKey, serials[0]));
        Assert.Equal(HttpStatusCode.OK, await UnitStatusAsync(CentralApiFactory.ServiceDeskKey, serials[2]));
    }

    [Fact]
    public async Task A_dealer_cannot_ship_goods_it_does_not_hold_nor_to_a_dealer_that_is_not_below_it()
    {
        await SeedAsync();
        await ShipAsync(CentralApiFactory.AdminKey, Distributor, 4, $"(00){Pallet}");
        await ReceiveAsync(Distributor, 4, $"(00){Pallet}");
        await ShipAsync(Dealer(Distributor), Guangdong, 2, $"(00){CaseA}");

        // Case A is in transit to GD-1, not received: GD-1 does not hold it yet, and the distributor no longer does.
        using var notHeld = await PostAsync(Dealer(Guangdong), "/api/shipments", new { codes = new[] { $"(00){CaseA}" }, toDealerId = Store });
        using var gone = await PostAsync(Dealer(Distributor), "/api/shipments", new { codes = new[] { $"(00){CaseA}" }, toDealerId = Shanghai });
        using var notBelow = await PostAsync(Dealer(Distributor), "/api/shipments", new { codes = new[] { $"(00){CaseB}" }, toDealerId = Store });
        using var brandToStore = await PostAsync(CentralApiFactory.AdminKey, "/api/shipments", new { codes = new[] { $"(00){CaseB}" }, toDealerId = Store });
        using var notStore = await PostAsync(Dealer(Distributor), "/api/sales", new { codes = new[] { $"(00){CaseB}" }, soldAt = DateTimeOffset.UtcNow });
        using var wrongReceiver = await PostAsync(Dealer(Shanghai), "/api/receipts", new { codes = new[] { $"(00){CaseA}" } });

        await AssertProblemAsync(notHeld, HttpStatusCode.Conflict);
        await AssertProblemAsync(gone, HttpStatusCode.Conflict);
        await AssertProblemAsync(notBelow, HttpStatusCode.Forbidden);
        await AssertProblemAsync(brandToStore, HttpStatusCode.Forbidden);
        await AssertProblemAsync(notStore, HttpStatusCode.Forbidden);
        await AssertProblemAsync(wrongReceiver, HttpStatusCode.Conflict);

        // Nothing moved: case B is still the distributor's, and it can ship it.
        await ShipAsync(Dealer(Distributor), Shanghai, 2, $"(00){CaseB}");
    }

    [Fact]
    public async Task Unknown_codes_are_a_404_naming_them_and_nothing_is_shipped()
    {
        var serials = await SeedAsync();
        var unknown = Sscc.Create(0, "9506000", 999).Value;

        using var response = await PostAsync(
            CentralApiFactory.AdminKey, "/api/shipments", new { codes = new[] { $"(00){CaseA}", $"(00){unknown}", $"(01){Gtin}(21)NOPE1" }, toDealerId = Distributor });

        var problem = await AssertProblemAsync(response, HttpStatusCode.NotFound);
        Assert.Equal([$"(00){unknown}", $"(01){Gtin}(21)NOPE1"], problem.GetProperty("codes").EnumerateArray().Select(c => c.GetString()));
        using var staff = _factory.HttpClient(CentralApiFactory.ServiceDeskKey);
        using var unit = JsonDocument.Parse(await staff.GetStringAsync($"/api/units/{Gtin}/{serials[0]}"));
        Assert.Equal(JsonValueKind.Null, unit.RootElement.GetProperty("channel").ValueKind);
    }

    [Theory]
    [InlineData("/api/shipments", """{"codes":["(00)123"],"toDealerId":"DIST-1"}""", "codes[0]")]
    [InlineData("/api/shipments", """{"codes":["(01)09506000134352"],"toDealerId":"DIST-1"}""", "codes[0]")]
    [InlineData("/api/shipments", """{"codes":[],"toDealerId":"DIST-1"}""", "codes")]
    [InlineData("/api/shipments", """{"codes":["(00)106141411234567897"]}""", "toDealerId")]
    [InlineData("/api/shipments", """{"codes":["(00)106141411234567897"],"toDealerId":"NOBODY"}""", "toDealerId")]
    [InlineData("/api/dealers", """{"id":"X 1","name":"X","level":1,"regions":["CN"]}""", "id")]
    [InlineData("/api/dealers", """{"id":"X1","name":"X","level":4,"regions":["CN"]}""", "level")]
    [InlineData("/api/dealers", """{"id":"X1","name":"X","level":1,"regions":["CN-4403"]}""", "regions[0]")]
    [InlineData("/api/dealers", """{"id":"X1","name":"X","level":2,"parentId":"NOBODY","regions":["CN"]}""", "parentId")]
    [InlineData("/api/dealers", """{"id":"X1","name":"X","level":3,"parentId":"DIST-1","regions":["CN-440000"]}""", "level")]
    [InlineData("/api/dealers", """{"id":"X1","name":"X","level":3,"parentId":"GD-1","regions":["CN-440300","CN-310000"]}""", "regions[1]")]
    public async Task Bad_input_is_a_validation_problem_naming_the_field(string path, string body, string field)
    {
        await CreateDealersAsync();
        using var admin = _factory.HttpClient(CentralApiFactory.AdminKey);
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");

        using var response = await admin.PostAsync(new Uri(path, UriKind.Relative), content);

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal([field], problem.GetProperty("errors").EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task A_dealer_reads_itself_and_its_sub_dealers_with_regions_in_canonical_form()
    {
        await CreateDealersAsync();
        using var gd = _factory.HttpClient(Dealer(Guangdong));

        using var self = JsonDocument.Parse(await gd.GetStringAsync($"/api/dealers/{Guangdong}"));
        using var store = await gd.GetAsync(new Uri($"/api/dealers/{Store}", UriKind.Relative));
        using var parent = await gd.GetAsync(new Uri($"/api/dealers/{Distributor}", UriKind.Relative));

        Assert.Equal(["CN-440000"], self.RootElement.GetProperty("regions").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(("dealer", 2, Distributor), (self.RootElement.GetProperty("levelName").GetString(), self.RootElement.GetProperty("level").GetInt32(), self.RootElement.GetProperty("parentId").GetString()));
        Assert.Equal(HttpStatusCode.OK, store.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, parent.StatusCode);
        using var admin = _factory.HttpClient(CentralApiFactory.AdminKey);
        using var again = await admin.PostAsJsonAsync("/api/dealers", new { id = Guangdong, name = "Again", level = 2, parentId = Distributor, regions = new[] { "CN" } });
        await AssertProblemAsync(again, HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task The_channel_events_read_back_from_the_epcis_query_valid_against_the_gs1_schema()
    {
        var serials = await SeedAsync();
        await ShipAsync(CentralApiFactory.AdminKey, Distributor, 4, $"(00){Pallet}");
        await ReceiveAsync(Distributor, 4, $"(00){Pallet}");
        await ShipAsync(Dealer(Distributor), Guangdong, 4, $"(00){Pallet}");
        await ReceiveAsync(Guangdong, 4, $"(00){Pallet}");
        await ShipAsync(Dealer(Guangdong), Store, 1, $"(01){Gtin}(21){serials[3]}");
        await ReceiveAsync(Store, 1, $"(01){Gtin}(21){serials[3]}");
        using (var store = _factory.HttpClient(Dealer(Store)))
        using (var sold = await store.PostAsJsonAsync("/api/sales", new { codes = new[] { $"(01){Gtin}(21){serials[3]}" }, soldAt = DateTimeOffset.UtcNow }))
        {
            Assert.Equal(HttpStatusCode.OK, sold.StatusCode);
        }

        using var staff = _factory.HttpClient(CentralApiFactory.ServiceDeskKey);
        var document = await EpcisTestClient.QueryAsync(staff, "?EQ_bizStep=shipping%7Creceiving%7Cretail_selling");

        EpcisTestClient.AssertSchemaValid(document);
        var events = document["epcisBody"]!["queryResults"]!["resultsBody"]!["eventList"]!.AsArray().Select(e => e!.AsObject()).ToList();
        Assert.Equal(
            ["shipping/in_transit", "receiving/in_progress", "shipping/in_transit", "receiving/in_progress", "shipping/in_transit", "receiving/in_progress", "retail_selling/retail_sold"],
            events.Select(e => $"{e["bizStep"]}/{e["disposition"]}"));
        var first = events[0];
        Assert.Equal(("ObjectEvent", "OBSERVE"), ((string?)first["type"], (string?)first["action"]));
        Assert.Equal([$"https://id.gs1.org/00/{Pallet}"], first["epcList"]!.AsArray().Select(e => (string?)e));
        Assert.EndsWith("/brand", (string?)first["sourceList"]![0]!["source"], StringComparison.Ordinal);
        Assert.EndsWith($"/dealers/{Distributor}", (string?)first["destinationList"]![0]!["destination"], StringComparison.Ordinal);
        Assert.Equal("desadv", (string?)first["bizTransactionList"]![0]!["type"]);
        Assert.EndsWith($"/dealers/{Store}", (string?)events[^1]["bizLocation"]!["id"], StringComparison.Ordinal);

        var byUnit = await EpcisTestClient.QueryAsync(staff, $"?EQ_bizStep=retail_selling&MATCH_epc=https%3A%2F%2Fid.gs1.org%2F01%2F{Gtin}%2F21%2F{serials[3]}");
        Assert.Single(byUnit["epcisBody"]!["queryResults"]!["resultsBody"]!["eventList"]!.AsArray());
    }

    private static string Dealer(string id) => CentralApiFactory.DealerKeyFor(id);

    // The product, four units made on line-1 (two per case, both cases on one pallet), and the dealers.
    private async Task<IReadOnlyList<string>> SeedAsync()
    {
        await _factory.PostOkAsync(CentralApiFactory.AdminKey, "/api/products", new { gtin = Gtin, companyPrefixLength = 7, model = "W1", name = "Watch One" }, HttpStatusCode.Created);
        var serials = await _factory.PackTwoCasesOnAPalletAsync(Gtin, CaseA, CaseB, Pallet);
        await CreateDealersAsync();
        return serials;
    }

    private Task CreateDealersAsync() => _factory.CreateDealersAsync(
        new { id = Distributor, name = "South China Distribution", level = 1, regions = new[] { "CN" } },
        new { id = Guangdong, name = "Guangdong Dealer", parentId = Distributor, level = 2, regions = new[] { "CN-GD" } },
        new { id = Store, name = "Guangzhou Store", parentId = Guangdong, level = 3, regions = new[] { "CN-440100" } },
        new { id = Shanghai, name = "Shanghai Dealer", parentId = Distributor, level = 2, regions = new[] { "CN-SH" } });

    private async Task ShipAsync(string key, string to, int units, params string[] codes)
    {
        using var response = await PostAsync(key, "/api/shipments", new { codes, toDealerId = to });
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(units, body.RootElement.GetProperty("unitCount").GetInt32());
        Assert.Equal("shipping", body.RootElement.GetProperty("step").GetString());
    }

    private async Task ReceiveAsync(string dealer, int units, params string[] codes)
    {
        using var response = await PostAsync(Dealer(dealer), "/api/receipts", new { codes });
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(units, body.RootElement.GetProperty("unitCount").GetInt32());
    }

    private async Task<HttpResponseMessage> PostAsync(string key, string path, object body)
    {
        using var http = _factory.HttpClient(key);
        return await http.PostAsJsonAsync(path, body);
    }

    private async Task<HttpStatusCode> UnitStatusAsync(string key, string serial)
    {
        using var http = _factory.HttpClient(key);
        using var response = await http.GetAsync(new Uri($"/api/units/{Gtin}/{serial}", UriKind.Relative));
        return response.StatusCode;
    }
}
