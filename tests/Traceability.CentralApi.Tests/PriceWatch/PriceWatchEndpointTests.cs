using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Traceability.CentralApi.Storage;
using Traceability.CentralApi.Tests.Channel;
using Traceability.CentralApi.Tests.Grpc;
using Traceability.Core.Gs1;
using static Traceability.CentralApi.Tests.Grpc.WireEvents;

namespace Traceability.CentralApi.Tests.PriceWatch;

/// <summary>
/// Watches, list price 1000 CNY (cost 600), shipped brand → distributor → Guangdong dealer, who runs the authorized
/// Tmall store "GD Watch Flagship"; grey stores sell them cheap on Tmall and JD.
/// </summary>
public sealed class PriceWatchEndpointTests : IDisposable
{
    private const string Gtin = "09506000134352";
    private const string Distributor = "DIST-1";
    private const string Guangdong = "GD-1";
    private const string Shanghai = "SH-1";
    private const string Flagship = "GD Watch Flagship";
    private const string At = "2026-12-08T10:00:00+08:00";
    private static readonly string CaseA = Sscc.Create(0, "9506000", 11).Value;
    private static readonly string Pallet = Sscc.Create(0, "9506000", 13).Value;
    private readonly CentralApiFactory _factory = new() { Dealers = { Distributor, Guangdong, Shanghai } };

    public PriceWatchEndpointTests()
    {
        _factory.Settings["PriceWatch:AuthorizedStores:0:Platform"] = "tmall";
        _factory.Settings["PriceWatch:AuthorizedStores:0:Store"] = Flagship;
        _factory.Settings["PriceWatch:AuthorizedStores:0:DealerId"] = Guangdong;
        _factory.Settings["PriceWatch:Skus:W1-BLK"] = Gtin;
    }

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task A_json_import_puts_prices_in_tiers_at_their_boundaries_and_flags_the_unauthorized_store_with_one_alert_per_store_and_day()
    {
        await SeedAsync();

        var import = await ImportJsonAsync(
            Row(Flagship, 850m),
            Row(Flagship, 849.99m),
            Row(Flagship, 700m),
            Row(Flagship, 699.99m),
            Row(Flagship, 600m),
            Row(Flagship, 599.99m),
            Row("Cheap Watches Outlet", 1000m));

        var rows = import.GetProperty("listings").EnumerateArray().ToList();
        Assert.Equal(
            [null, "under_15", "under_15", "under_30", "under_30", "below_cost", null],
            rows.Select(r => r.GetProperty("tier").GetString()));
        Assert.Equal([false, true, true, true, true, true, true], rows.Select(r => r.GetProperty("violation").GetBoolean()));
        Assert.Equal([true, true, true, true, true, true, false], rows.Select(r => r.GetProperty("authorized").GetBoolean()));
        Assert.Equal(Guangdong, rows[0].GetProperty("storeDealerId").GetString());
        Assert.Equal((7, 7, 6), (import.GetProperty("received").GetInt32(), import.GetProperty("stored").GetInt32(), import.GetProperty("violations").GetInt32()));
        Assert.Equal(JsonValueKind.Null, rows[0].GetProperty("alertId").ValueKind);
        var flagshipAlerts = rows.Skip(1).Take(5).Select(r => r.GetProperty("alertId").GetGuid()).Distinct().ToList();
        var outletAlert = rows[6].GetProperty("alertId").GetGuid();
        Assert.Single(flagshipAlerts);
        Assert.NotEqual(flagshipAlerts[0], outletAlert);

        using var admin = _factory.HttpClient(CentralApiFactory.AdminKey);
        using var alert = JsonDocument.Parse(await admin.GetStringAsync($"/api/alerts/{outletAlert}"));
        Assert.Equal("price_violation", alert.RootElement.GetProperty("kind").GetString());
        Assert.False(alert.RootElement.GetProperty("evidence").GetProperty("authorized").GetBoolean());
        var unauthorized = await GetAsync("/api/pricewatch/violations?store=cheap%20watches%20outlet");
        Assert.Equal(1000m, Assert.Single(unauthorized.GetProperty("violations").EnumerateArray()).GetProperty("price").GetDecimal());
        var under30 = await GetAsync("/api/pricewatch/violations?tier=under_30&platform=TMALL");
        Assert.Equal([600m, 699.99m], under30.GetProperty("violations").EnumerateArray().Select(v => v.GetProperty("price").GetDecimal()).Order());
    }

    [Fact]
    public async Task A_csv_import_reads_columns_in_any_order_quoted_fields_and_skus()
    {
        await SeedAsync();
        var csv = "time,platform,store,sku,price,currency\r\n"
            + $"{At},jd,\"Watches, \"\"Genuine\"\" Ltd\",W1-BLK,640.00,CNY\r\n"
            + $"2026-12-08T11:00:00+08:00,tmall,{Flagship},W1-BLK,999,\r\n";

        var import = await ImportAsync(new StringContent(csv, Encoding.UTF8, "text/csv"), HttpStatusCode.OK);

        var rows = import.GetProperty("listings").EnumerateArray().ToList();
        Assert.Equal([2, 3], rows.Select(r => r.GetProperty("row").GetInt32()));
        Assert.Equal(("under_30", false), (rows[0].GetProperty("tier").GetString(), rows[0].GetProperty("authorized").GetBoolean()));
        Assert.Equal((Gtin, false), (rows[1].GetProperty("gtin").GetString(), rows[1].GetProperty("violation").GetBoolean()));
        var violation = Assert.Single((await GetAsync("/api/pricewatch/violations")).GetProperty("violations").EnumerateArray());
        Assert.Equal(("watches, \"genuine\" ltd", "W1-BLK", 640m), (violation.GetProperty("store").GetString(), violation.GetProperty("sku").GetString(), violation.GetProperty("price").GetDecimal()));
    }

    [Theory]
    [InlineData("json-price", "rows[2].price")]
    [InlineData("json-product", "rows[3].gtin")]
    [InlineData("json-sku", "rows[1].sku")]
    [InlineData("csv-time", "rows[3].time")]
    [InlineData("csv-header", "rows[1]")]
    [InlineData("csv-fields", "rows[2]")]
    public async Task A_bad_row_is_a_400_naming_its_row_and_field_and_nothing_is_stored(string body, string field)
    {
        await SeedAsync();
        HttpContent content = body switch
        {
            "json-price" => Json(Row(Flagship, 500m), new { platform = "jd", store = "X", gtin = Gtin, price = "-3", time = At }),
            "json-product" => Json(Row("X", 500m), Row("Y", 500m), new { platform = "jd", store = "Z", gtin = "09506000134369", price = 10, time = At }),
            "json-sku" => Json(new { platform = "jd", store = "X", sku = "NOPE", price = 10, time = At }, Row("Y", 500m)),
            "csv-time" => new StringContent($"platform,store,gtin,price,time\njd,X,{Gtin},500,{At}\njd,Y,{Gtin},500,2026-12-08 10:00\n", Encoding.UTF8, "text/csv"),
            "csv-header" => new StringContent($"platform,shop,gtin,price,time\njd,X,{Gtin},500,{At}\n", Encoding.UTF8, "text/csv"),
            _ => new StringContent($"platform,store,gtin,price,time\njd,X,{Gtin},500\n", Encoding.UTF8, "text/csv"),
        };

        var problem = await ImportAsync(content, HttpStatusCode.BadRequest);

        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out var messages), errors.GetRawText());
        Assert.StartsWith($"Row {field[5..field.IndexOf(']', StringComparison.Ordinal)]}", messages[0].GetString(), StringComparison.Ordinal);
        Assert.Empty((await GetAsync("/api/pricewatch/violations")).GetProperty("violations").EnumerateArray());
        Assert.Empty((await GetAsync("/api/alerts?kind=price_violation")).GetProperty("alerts").EnumerateArray());
    }

    [Fact]
    public async Task A_test_buy_serial_traces_through_the_distributor_to_the_guangdong_dealer()
    {
        var serials = await SeedAsync();

        var import = await ImportJsonAsync(Row("Cheap Watches Outlet", 650m, serials[0]));

        var row = Assert.Single(import.GetProperty("listings").EnumerateArray());
        var testBuy = row.GetProperty("testBuy");
        Assert.Equal((serials[0], true, Guangdong, "Guangdong Dealer"), (testBuy.GetProperty("serial").GetString(), testBuy.GetProperty("traced").GetBoolean(), testBuy.GetProperty("dealerId").GetString(), testBuy.GetProperty("dealerName").GetString()));
        var chain = testBuy.GetProperty("chain").EnumerateArray().ToList();
        Assert.Equal([null, Distributor], chain.Select(c => c.GetProperty("fromDealerId").GetString()));
        Assert.Equal([Distributor, Guangdong], chain.Select(c => c.GetProperty("toDealerId").GetString()));
        var violation = Assert.Single((await GetAsync("/api/pricewatch/violations")).GetProperty("violations").EnumerateArray());
        Assert.Equal((Guangdong, serials[0]), (violation.GetProperty("tracedDealerId").GetString(), violation.GetProperty("serial").GetString()));
        Assert.Equal([Distributor, Guangdong], violation.GetProperty("shipmentChain").EnumerateArray().Select(c => c.GetString()));
    }

    [Fact]
    public async Task The_ranking_orders_dealers_by_weighted_evidence_from_activations_inspections_and_test_buys()
    {
        var serials = await SeedAsync();
        // Shanghai: one unit activated outside its regions. Guangdong: an inspector finding in Zhejiang and a test buy.
        var activations = _factory.Services.GetRequiredService<IActivationStore>();
        var now = DateTimeOffset.UtcNow;
        await activations.RecordActivationAsync(new ActivationRecord(
            Guid.NewGuid(), Gtin, "SH-UNIT-1", "acct", "113.87.1.2", "CN-440300", now, now, ActivationConcerns.None, true, Shanghai));
        using (var inspector = _factory.HttpClient(CentralApiFactory.InspectorKey))
        using (var inspected = await inspector.PostAsJsonAsync("/api/inspections", new { code = CentralApiFactory.SignedCode(Gtin, serials[1]), storeRegion = "CN-330100", storeName = "Hangzhou Watches" }))
        {
            Assert.True(inspected.StatusCode == HttpStatusCode.Created, await inspected.Content.ReadAsStringAsync());
        }

        await ImportJsonAsync(Row("Cheap Watches Outlet", 650m, serials[0]));

        var ranking = await GetAsync("/api/pricewatch/dealers");
        var dealers = ranking.GetProperty("dealers").EnumerateArray().ToList();
        Assert.Equal([Guangdong, Shanghai], dealers.Select(d => d.GetProperty("dealerId").GetString()));
        Assert.Equal((0, 1, 1, 8), Counts(dealers[0]));
        Assert.Equal((1, 0, 0, 1), Counts(dealers[1]));
        Assert.Equal("Guangdong Dealer", dealers[0].GetProperty("name").GetString());
    }

    [Fact]
    public async Task Importing_the_same_listings_again_stores_and_alerts_nothing_more()
    {
        await SeedAsync();
        object[] rows = [Row("Cheap Watches Outlet", 650m), Row(Flagship, 999m)];
        await ImportJsonAsync(rows);

        var again = await ImportJsonAsync(rows);

        Assert.Equal((0, 2), (again.GetProperty("stored").GetInt32(), again.GetProperty("duplicates").GetInt32()));
        Assert.All(again.GetProperty("listings").EnumerateArray(), r => Assert.True(r.GetProperty("duplicate").GetBoolean()));
        Assert.Single((await GetAsync("/api/pricewatch/violations")).GetProperty("violations").EnumerateArray());
        Assert.Single((await GetAsync("/api/alerts?kind=price_violation")).GetProperty("alerts").EnumerateArray());
    }

    [Fact]
    public async Task Violations_page_with_a_token_and_only_admin_may_use_price_watch()
    {
        await SeedAsync();
        await ImportJsonAsync(Enumerable.Range(0, 5).Select(i => Row($"Store {i}", 500m + i)).ToArray());

        var first = await GetAsync("/api/pricewatch/violations?limit=3");
        var token = first.GetProperty("nextPageToken").GetString();
        var second = await GetAsync($"/api/pricewatch/violations?limit=3&pageToken={token}");

        var stores = first.GetProperty("violations").EnumerateArray().Concat(second.GetProperty("violations").EnumerateArray()).Select(v => v.GetProperty("store").GetString());
        Assert.Equal(5, stores.Distinct().Count());
        Assert.Equal(JsonValueKind.Null, second.GetProperty("nextPageToken").ValueKind);
        using var desk = _factory.HttpClient(CentralApiFactory.ServiceDeskKey);
        using var refused = await desk.GetAsync(new Uri("/api/pricewatch/dealers", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    private static (long, long, long, long) Counts(JsonElement d) => (
        d.GetProperty("outOfRegionActivations").GetInt64(), d.GetProperty("inspectionDiversions").GetInt64(),
        d.GetProperty("testBuys").GetInt64(), d.GetProperty("score").GetInt64());

    private static object Row(string store, decimal price, string? serial = null) =>
        new { platform = "tmall", store, gtin = Gtin, price, currency = "CNY", time = At, serial };

    private static StringContent Json(params object[] rows) => new(JsonSerializer.Serialize(rows), Encoding.UTF8, "application/json");

    private Task<JsonElement> ImportJsonAsync(params object[] rows) => ImportAsync(Json(rows), HttpStatusCode.OK);

    private async Task<JsonElement> ImportAsync(HttpContent content, HttpStatusCode expected)
    {
        using var admin = _factory.HttpClient(CentralApiFactory.AdminKey);
        using (content)
        using (var response = await admin.PostAsync(new Uri("/api/pricewatch/listings", UriKind.Relative), content))
        {
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == expected, text);
            using var body = JsonDocument.Parse(text);
            return body.RootElement.Clone();
        }
    }

    private async Task<JsonElement> GetAsync(string path)
    {
        using var admin = _factory.HttpClient(CentralApiFactory.AdminKey);
        using var body = JsonDocument.Parse(await admin.GetStringAsync(new Uri(path, UriKind.Relative)));
        return body.RootElement.Clone();
    }

    // Two units made on line-1 in one case on one pallet, shipped brand → distributor → Guangdong dealer.
    private async Task<IReadOnlyList<string>> SeedAsync()
    {
        await _factory.PostOkAsync(CentralApiFactory.AdminKey, "/api/products", new { gtin = Gtin, companyPrefixLength = 7, model = "W1", name = "Watch One", listPrice = 1000m, currency = "CNY" }, HttpStatusCode.Created);
        var serials = await AllocateAsync(_factory, "line-1", Gtin, 2);
        await SendAsync(
            _factory,
            "line-1",
            Commissioned(1, Gtin, serials[0]),
            Commissioned(2, Gtin, serials[1]),
            Aggregated(3, CaseA, UnitItem(Gtin, serials[0]), UnitItem(Gtin, serials[1])),
            Aggregated(4, Pallet, CaseItem(CaseA)));
        await _factory.CreateDealersAsync(
            new { id = Distributor, name = "South China Distribution", level = 1, regions = new[] { "CN" } },
            new { id = Guangdong, name = "Guangdong Dealer", parentId = Distributor, level = 2, regions = new[] { "CN-GD" } },
            new { id = Shanghai, name = "Shanghai Dealer", parentId = Distributor, level = 2, regions = new[] { "CN-SH" } });
        await _factory.ShipDownAsync($"(00){Pallet}", Distributor, Guangdong);
        return serials;
    }
}
