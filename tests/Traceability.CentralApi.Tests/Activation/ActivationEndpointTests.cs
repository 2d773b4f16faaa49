using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Traceability.CentralApi.Storage;
using Traceability.CentralApi.Tests.Channel;
using Traceability.CentralApi.Tests.GeoIp;
using Traceability.CentralApi.Tests.Grpc;
using Traceability.Core.Gs1;
using static Traceability.CentralApi.Tests.Channel.ChannelStory;
using static Traceability.CentralApi.Tests.Grpc.WireEvents;

namespace Traceability.CentralApi.Tests.Activation;

/// <summary>
/// The seed stories over HTTP: units made on line-1 (two cases on a pallet), the pallet shipped through a level-1
/// distributor to a Guangdong dealer, then activated by devices whose IP addresses a generated GeoIP database places
/// in Shenzhen or Zhejiang; flags for what cannot be trusted; warranty decided by each rule.
/// </summary>
public sealed class ActivationEndpointTests : IDisposable
{
    private const string Gtin = "09506000134352";
    private static readonly string CaseA = Sscc.Create(0, "9506000", 21).Value;
    private static readonly string CaseB = Sscc.Create(0, "9506000", 22).Value;
    private static readonly string Pallet = Sscc.Create(0, "9506000", 23).Value;
    private readonly GeoIpTestDatabases _geo = new();
    private readonly CentralApiFactory _factory;

    public ActivationEndpointTests()
    {
        _factory = new CentralApiFactory { Dealers = { Distributor, Guangdong, Store } };
        _factory.Settings["GeoIp:Database"] = _geo.Csv;
    }

    public void Dispose()
    {
        _factory.Dispose();
        _geo.Dispose();
    }

    [Theory]
    [InlineData("csv")]
    [InlineData("mmdb")]
    public async Task A_unit_activated_in_Shenzhen_is_fine_and_one_from_the_same_pallet_activated_in_Zhejiang_is_a_diversion(string database)
    {
        _factory.Settings["GeoIp:Database"] = database == "csv" ? _geo.Csv : _geo.RegionMmdb;
        var serials = await SeedAndShipToGuangdongAsync();

        using var shenzhen = await ActivateAsync(serials[0], ShenzhenIp);
        using var zhejiang = await ActivateAsync(serials[2], ZhejiangIp);

        var fine = shenzhen.RootElement;
        Assert.Equal((Gtin, serials[0]), (fine.GetProperty("unit").GetProperty("gtin").GetString(), fine.GetProperty("unit").GetProperty("serial").GetString()));
        Assert.Equal(("CN-440300", false, JsonValueKind.Null, true), (fine.GetProperty("region").GetString(), fine.GetProperty("diversion").GetBoolean(), fine.GetProperty("alertId").ValueKind, fine.GetProperty("first").GetBoolean()));
        Assert.Equal(Guangdong, fine.GetProperty("dealerId").GetString());
        Assert.All(fine.GetProperty("flags").EnumerateObject(), flag => Assert.False(flag.Value.GetBoolean(), flag.Name));

        var diverted = zhejiang.RootElement;
        Assert.Equal(("CN-330000", true), (diverted.GetProperty("region").GetString(), diverted.GetProperty("diversion").GetBoolean()));
        var alertId = diverted.GetProperty("alertId").GetGuid();
        using var staff = _factory.HttpClient(CentralApiFactory.ServiceDeskKey);
        using var alert = JsonDocument.Parse(await staff.GetStringAsync($"/api/alerts/{alertId}"));
        var root = alert.RootElement;
        Assert.Equal(("diversion", "open"), (root.GetProperty("kind").GetString(), root.GetProperty("status").GetString()));
        Assert.Contains(Guangdong, root.GetProperty("summary").GetString(), StringComparison.Ordinal);
        var evidence = root.GetProperty("evidence");
        Assert.Equal((Gtin, serials[2]), (evidence.GetProperty("unit").GetProperty("gtin").GetString(), evidence.GetProperty("unit").GetProperty("serial").GetString()));
        Assert.Equal(CaseB, evidence.GetProperty("case").GetProperty("sscc").GetString());
        Assert.Equal(Pallet, evidence.GetProperty("pallet").GetProperty("sscc").GetString());
        Assert.Equal(await LastShipmentAsync(serials[2]), evidence.GetProperty("shipment").GetProperty("shipmentId").GetString());
        Assert.Equal(Guangdong, evidence.GetProperty("dealer").GetProperty("dealerId").GetString());
        Assert.Equal(["CN-440000"], evidence.GetProperty("dealer").GetProperty("allowedRegions").EnumerateArray().Select(r => r.GetString()));
        var place = evidence.GetProperty("activationPlace");
        Assert.Equal(("CN-330000", "ip", ZhejiangIp), (place.GetProperty("region").GetString(), place.GetProperty("source").GetString(), place.GetProperty("ipAddress").GetString()));

        using var alerts = JsonDocument.Parse(await staff.GetStringAsync("/api/alerts"));
        Assert.Single(alerts.RootElement.GetProperty("alerts").EnumerateArray());
    }

    [Fact]
    public async Task A_warranty_is_decided_by_sale_out_activation_or_ship_date_and_corrected_by_invoice()
    {
        var serials = await SeedAndShipToGuangdongAsync();
        await ShipAsync(Dealer(Guangdong), Store, $"(01){Gtin}(21){serials[1]}");
        await _factory.PostOkAsync(Dealer(Store), "/api/receipts", new { codes = new[] { $"(01){Gtin}(21){serials[1]}" } });
        var soldAt = DateTimeOffset.UtcNow.AddSeconds(1);
        await _factory.PostOkAsync(Dealer(Store), "/api/sales", new { codes = new[] { $"(01){Gtin}(21){serials[1]}" }, soldAt });
        var activatedAt = DateTimeOffset.UtcNow.AddMinutes(-3);
        (await ActivateAsync(serials[0], ShenzhenIp, activatedAt)).Dispose();

        Assert.Equal("SaleOut", await WarrantyRuleAsync(serials[1]));
        Assert.Equal("Activation", await WarrantyRuleAsync(serials[0]));
        Assert.Equal("ShipGrace", await WarrantyRuleAsync(serials[3]));
        using var staff = _factory.HttpClient(CentralApiFactory.ServiceDeskKey);
        using var warranty = JsonDocument.Parse(await staff.GetStringAsync($"/api/units/{Gtin}/{serials[0]}/warranty"));
        Assert.Equal(activatedAt.ToUnixTimeMilliseconds(), warranty.RootElement.GetProperty("facts").GetProperty("activation").GetDateTimeOffset().ToUnixTimeMilliseconds());
        Assert.NotEqual(JsonValueKind.Null, warranty.RootElement.GetProperty("facts").GetProperty("shipped").ValueKind);

        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai")).DateTime);
        await _factory.PostOkAsync(CentralApiFactory.ServiceDeskKey, $"/api/units/{Gtin}/{serials[3]}/warranty/corrections", new { invoiceDate = today.ToString("yyyy-MM-dd"), reason = "Invoice 42, Guangzhou store" }, HttpStatusCode.Created);
        Assert.Equal("Invoice", await WarrantyRuleAsync(serials[3]));
    }

    [Theory]
    [InlineData("unsigned", "NotSigned")]
    [InlineData("forged", "Forged")]
    [InlineData("unreadable", "Unreadable")]
    public async Task A_code_that_is_not_genuine_is_refused_and_nothing_is_stored(string kind, string status)
    {
        var serials = await SeedAndShipToGuangdongAsync();
        var signed = CentralApiFactory.SignedCode(Gtin, serials[0]);
        var code = kind switch
        {
            "unsigned" => $"(01){Gtin}(21){serials[0]}",
            "forged" => signed.Replace($"(21){serials[0]}", $"(21){serials[1]}", StringComparison.Ordinal),
            _ => "hello",
        };

        using var response = await PostAsync(null, "/api/activations", new { code, accountId = "acct-1", ip = ZhejiangIp, activatedAt = DateTimeOffset.UtcNow });

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(status, problem.GetProperty("codeStatus").GetString());
        Assert.Equal(["code"], problem.GetProperty("errors").EnumerateObject().Select(p => p.Name));
        var store = _factory.Services.GetRequiredService<IActivationStore>();
        Assert.Empty(await store.ListActivationsAsync(Gtin, serials[0]));
        Assert.Empty(await store.ListActivationsAsync(Gtin, serials[1]));
        using var staff = _factory.HttpClient(CentralApiFactory.ServiceDeskKey);
        using var alerts = JsonDocument.Parse(await staff.GetStringAsync("/api/alerts"));
        Assert.Empty(alerts.RootElement.GetProperty("alerts").EnumerateArray());
    }

    [Fact]
    public async Task A_repeated_activation_is_kept_as_history_and_the_first_stays()
    {
        var serials = await SeedAndShipToGuangdongAsync();
        var firstAt = DateTimeOffset.UtcNow.AddHours(-2);

        using var first = await ActivateAsync(serials[0], ShenzhenIp, firstAt, "acct-first");
        using var again = await ActivateAsync(serials[0], ShenzhenIp, DateTimeOffset.UtcNow, "acct-second");

        Assert.True(first.RootElement.GetProperty("first").GetBoolean());
        Assert.False(again.RootElement.GetProperty("first").GetBoolean());
        var store = _factory.Services.GetRequiredService<IActivationStore>();
        var all = await store.ListActivationsAsync(Gtin, serials[0]);
        Assert.Equal(["acct-first", "acct-second"], all.Select(a => a.AccountId));
        var kept = await store.GetFirstActivationAsync(Gtin, serials[0]);
        Assert.Equal(("acct-first", first.RootElement.GetProperty("activationId").GetGuid()), (kept!.AccountId, kept.ActivationId));
        Assert.Equal(firstAt.ToUnixTimeMilliseconds(), kept.ActivatedAt.ToUnixTimeMilliseconds());
        Assert.True(kept.ReceivedAt > kept.ActivatedAt);
    }

    [Fact]
    public async Task An_unknown_serial_is_flagged_and_raises_one_unknown_serial_alert()
    {
        await SeedAndShipToGuangdongAsync();

        using var first = await ActivateAsync("NEVER-MADE-1", ShenzhenIp);
        using var second = await ActivateAsync("NEVER-MADE-1", ZhejiangIp);

        var root = first.RootElement;
        Assert.True(root.GetProperty("flags").GetProperty("unknownSerial").GetBoolean());
        Assert.False(root.GetProperty("diversion").GetBoolean());
        var alertId = root.GetProperty("alertId").GetGuid();
        Assert.Equal(alertId, second.RootElement.GetProperty("alertId").GetGuid());
        using var staff = _factory.HttpClient(CentralApiFactory.ServiceDeskKey);
        using var alert = JsonDocument.Parse(await staff.GetStringAsync($"/api/alerts/{alertId}"));
        Assert.Equal(("unknown_serial", "NEVER-MADE-1"), (alert.RootElement.GetProperty("kind").GetString(), alert.RootElement.GetProperty("unit").GetProperty("serial").GetString()));
        Assert.Equal("activation", alert.RootElement.GetProperty("evidence").GetProperty("source").GetString());
    }

    [Fact]
    public async Task Unshipped_decommissioned_and_retired_units_are_flagged_without_an_alert()
    {
        var serials = await SeedAsync();
        await SendAsync(_factory, "line-1", Decommissioned(8, UnitItem(Gtin, serials[1]), "destroyed"));
        var store = _factory.Services.GetRequiredService<IActivationStore>();
        Assert.True(await store.RetireUnitAsync(Gtin, serials[2], DateTimeOffset.UtcNow));

        using var unshipped = await ActivateAsync(serials[0], ZhejiangIp);
        using var decommissioned = await ActivateAsync(serials[1], ShenzhenIp);
        using var retired = await ActivateAsync(serials[2], "8.8.8.8");

        Assert.Equal(["unshipped"], SetFlags(unshipped));
        Assert.Equal(["unshipped", "decommissioned"], SetFlags(decommissioned));
        Assert.Equal(["unshipped", "retired", "regionUnknown"], SetFlags(retired));
        Assert.Equal(JsonValueKind.Null, retired.RootElement.GetProperty("region").ValueKind);
        Assert.All([unshipped, decommissioned, retired], r => Assert.Equal(JsonValueKind.Null, r.RootElement.GetProperty("alertId").ValueKind));
        Assert.All([unshipped, decommissioned, retired], r => Assert.False(r.RootElement.GetProperty("diversion").GetBoolean()));
        Assert.Equal(ActivationConcerns.Unshipped | ActivationConcerns.Decommissioned, (await store.GetFirstActivationAsync(Gtin, serials[1]))!.Flags);
    }

    [Theory]
    [InlineData("""{"accountId":"","ip":"113.87.20.4","activatedAt":"2026-11-25T08:00:00Z"}""", "accountId")]
    [InlineData("""{"ip":"113.87.20.4","activatedAt":"2026-11-25T08:00:00Z"}""", "accountId")]
    [InlineData("""{"accountId":"a","ip":"113.87","activatedAt":"2026-11-25T08:00:00Z"}""", "ip")]
    [InlineData("""{"accountId":"a","ip":"300.1.1.1","activatedAt":"2026-11-25T08:00:00Z"}""", "ip")]
    [InlineData("""{"accountId":"a","ip":"","activatedAt":"2026-11-25T08:00:00Z"}""", "ip")]
    [InlineData("""{"accountId":"a","ip":"113.87.20.4"}""", "activatedAt")]
    [InlineData("""{"accountId":"a","ip":"113.87.20.4","activatedAt":"yesterday"}""", "activatedAt")]
    [InlineData("""{"accountId":"a","ip":"113.87.20.4","activatedAt":"2099-01-01T00:00:00Z"}""", "activatedAt")]
    public async Task Bad_input_is_a_validation_problem_naming_the_field_and_nothing_is_stored(string body, string field)
    {
        var serials = await SeedAndShipToGuangdongAsync();
        using var json = JsonDocument.Parse(body);
        var fields = json.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value.GetString());
        fields["code"] = CentralApiFactory.SignedCode(Gtin, serials[0]);

        using var response = await PostAsync(null, "/api/activations", fields);

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal([field], problem.GetProperty("errors").EnumerateObject().Select(p => p.Name));
        Assert.Empty(await _factory.Services.GetRequiredService<IActivationStore>().ListActivationsAsync(Gtin, serials[0]));
    }

    [Fact]
    public async Task An_account_id_over_128_characters_is_refused()
    {
        var serials = await SeedAndShipToGuangdongAsync();

        using var response = await PostAsync(null, "/api/activations", new { code = CentralApiFactory.SignedCode(Gtin, serials[0]), accountId = new string('a', 129), ip = ShenzhenIp, activatedAt = DateTimeOffset.UtcNow });

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(["accountId"], problem.GetProperty("errors").EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task The_report_gives_rates_and_diversions_by_batch_dealer_and_region_to_the_service_desk_only()
    {
        var serials = await SeedAndShipToGuangdongAsync();
        (await ActivateAsync(serials[0], ShenzhenIp)).Dispose();
        (await ActivateAsync(serials[2], ZhejiangIp)).Dispose();
        (await ActivateAsync(serials[2], ShenzhenIp)).Dispose();

        using var staff = _factory.HttpClient(CentralApiFactory.ServiceDeskKey);
        using var batch = JsonDocument.Parse(await staff.GetStringAsync("/api/reports/activations?by=batch"));
        using var dealer = JsonDocument.Parse(await staff.GetStringAsync("/api/reports/activations?by=dealer"));
        using var region = JsonDocument.Parse(await staff.GetStringAsync("/api/reports/activations?by=region"));

        Assert.Equal("commissioned", batch.RootElement.GetProperty("units").GetString());
        var lot = Assert.Single(batch.RootElement.GetProperty("groups").EnumerateArray());
        Assert.Equal((Gtin, "L2026-11", 4, 2, 0.5, 1), (lot.GetProperty("gtin").GetString(), lot.GetProperty("lot").GetString(), lot.GetProperty("units").GetInt32(), lot.GetProperty("activated").GetInt32(), lot.GetProperty("rate").GetDouble(), lot.GetProperty("diversions").GetInt32()));
        var gd = Assert.Single(dealer.RootElement.GetProperty("groups").EnumerateArray());
        Assert.Equal((Guangdong, 4, 2, 1), (gd.GetProperty("dealerId").GetString(), gd.GetProperty("units").GetInt32(), gd.GetProperty("activated").GetInt32(), gd.GetProperty("diversions").GetInt32()));
        Assert.False(gd.TryGetProperty("region", out _));
        var cn44 = Assert.Single(region.RootElement.GetProperty("groups").EnumerateArray());
        Assert.Equal(("CN-440000", "shipped"), (cn44.GetProperty("region").GetString(), region.RootElement.GetProperty("units").GetString()));

        using var bad = await staff.GetAsync(new Uri("/api/reports/activations?by=colour", UriKind.Relative));
        var problem = await AssertProblemAsync(bad, HttpStatusCode.BadRequest);
        Assert.Equal(["by"], problem.GetProperty("errors").EnumerateObject().Select(p => p.Name));
        using var inspector = _factory.HttpClient(CentralApiFactory.InspectorKey);
        using var forbidden = await inspector.GetAsync(new Uri("/api/reports/activations?by=dealer", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
    }

    private static string Dealer(string id) => CentralApiFactory.DealerKeyFor(id);

    private static string[] SetFlags(JsonDocument response) =>
        [.. response.RootElement.GetProperty("flags").EnumerateObject().Where(f => f.Value.GetBoolean()).Select(f => f.Name)];

    private async Task<JsonDocument> ActivateAsync(string serial, string ip, DateTimeOffset? at = null, string account = "acct-1")
    {
        // Anonymous: devices have no API key.
        using var response = await PostAsync(null, "/api/activations", new
        {
            code = DigitalLink.Format(ElementString.Parse(CentralApiFactory.SignedCode(Gtin, serial)), "https://id.gs1.org"),
            accountId = account,
            ip,
            activatedAt = (at ?? DateTimeOffset.UtcNow.AddMinutes(-1)).ToOffset(TimeSpan.FromHours(8)),
        });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return JsonDocument.Parse(text);
    }

    private async Task<string> LastShipmentAsync(string serial)
    {
        using var staff = _factory.HttpClient(CentralApiFactory.ServiceDeskKey);
        using var unit = JsonDocument.Parse(await staff.GetStringAsync($"/api/units/{Gtin}/{serial}"));
        return unit.RootElement.GetProperty("channel").GetProperty("history").EnumerateArray()
            .Last(h => h.GetProperty("step").GetString() == "shipping").GetProperty("shipmentId").GetString()!;
    }

    private async Task<string?> WarrantyRuleAsync(string serial)
    {
        using var staff = _factory.HttpClient(CentralApiFactory.ServiceDeskKey);
        using var warranty = JsonDocument.Parse(await staff.GetStringAsync($"/api/units/{Gtin}/{serial}/warranty"));
        return warranty.RootElement.GetProperty("status").GetProperty("rule").GetString();
    }

    // Four units made on line-1 (two per case, both cases on one pallet) and the dealers; nothing shipped.
    private async Task<IReadOnlyList<string>> SeedAsync()
    {
        await _factory.PostOkAsync(CentralApiFactory.AdminKey, "/api/products", new { gtin = Gtin, companyPrefixLength = 7, model = "W1", name = "Watch One" }, HttpStatusCode.Created);
        var serials = await _factory.PackTwoCasesOnAPalletAsync(Gtin, CaseA, CaseB, Pallet);
        await _factory.CreateDealersAsync(
            new { id = Distributor, name = "South China Distribution", level = 1, regions = new[] { "CN" } },
            new { id = Guangdong, name = "Guangdong Dealer", parentId = Distributor, level = 2, regions = new[] { "CN-GD" } },
            new { id = Store, name = "Guangzhou Store", parentId = Guangdong, level = 3, regions = new[] { "CN-440100" } });

        return serials;
    }

    // The story's channel: the pallet from the brand to the level-1 distributor, then on to the Guangdong dealer.
    private async Task<IReadOnlyList<string>> SeedAndShipToGuangdongAsync()
    {
        var serials = await SeedAsync();
        await _factory.ShipDownAsync($"(00){Pallet}", Distributor, Guangdong);
        return serials;
    }

    private Task ShipAsync(string key, string to, params string[] codes) => _factory.PostOkAsync(key, "/api/shipments", new { codes, toDealerId = to });

    private async Task<HttpResponseMessage> PostAsync(string? key, string path, object body)
    {
        using var http = _factory.HttpClient(key);
        return await http.PostAsJsonAsync(path, body);
    }
}
