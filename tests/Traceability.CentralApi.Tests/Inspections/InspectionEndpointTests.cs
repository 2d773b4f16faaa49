using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Traceability.CentralApi.Tests.Channel;
using Traceability.CentralApi.Tests.Grpc;
using Traceability.Core.Gs1;

namespace Traceability.CentralApi.Tests.Inspections;

/// <summary>
/// The seed story "an inspector finding in the wrong province": units made on line-1, packed case → pallet, shipped
/// brand → level-1 distributor → Guangdong dealer; inspectors scan them in Zhejiang and Shenzhen stores.
/// </summary>
public sealed class InspectionEndpointTests : IDisposable
{
    private const string Gtin = "09506000134352";
    private const string Distributor = "DIST-1";
    private const string Guangdong = "GD-1";
    private const string Wang = "insp-wang";
    private const string Li = "insp-li";
    private const string Hangzhou = "CN-330100";
    private const string Shenzhen = "CN-440300";
    private static readonly string CaseA = Sscc.Create(0, "9506000", 11).Value;
    private static readonly string CaseB = Sscc.Create(0, "9506000", 12).Value;
    private static readonly string Pallet = Sscc.Create(0, "9506000", 13).Value;
    private readonly CentralApiFactory _factory = new() { Dealers = { Distributor, Guangdong }, Inspectors = { Wang, Li } };

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task An_inspector_finding_in_the_wrong_province_names_the_dealer_and_raises_a_diversion_alert_with_the_chain()
    {
        var serials = await SeedAsync();

        var finding = await InspectAsync(Wang, CentralApiFactory.SignedCode(Gtin, serials[0]), Hangzhou, "Hangzhou West Lake Watches");

        Assert.Equal((true, "Genuine", "diversion", true), (finding.GetProperty("genuine").GetBoolean(), finding.GetProperty("codeStatus").GetString(), finding.GetProperty("finding").GetString(), finding.GetProperty("diversion").GetBoolean()));
        var dealer = finding.GetProperty("dealer");
        Assert.Equal((Guangdong, "Guangdong Dealer"), (dealer.GetProperty("dealerId").GetString(), dealer.GetProperty("name").GetString()));
        Assert.Equal(["CN-440000"], dealer.GetProperty("authorizedRegions").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal((Gtin, serials[0]), (finding.GetProperty("unit").GetProperty("gtin").GetString(), finding.GetProperty("unit").GetProperty("serial").GetString()));

        using var desk = _factory.HttpClient(CentralApiFactory.ServiceDeskKey);
        using var alert = JsonDocument.Parse(await desk.GetStringAsync($"/api/alerts/{finding.GetProperty("alertId").GetGuid()}"));
        Assert.Equal("diversion", alert.RootElement.GetProperty("kind").GetString());
        var evidence = alert.RootElement.GetProperty("evidence");
        Assert.Equal(serials[0], evidence.GetProperty("unit").GetProperty("serial").GetString());
        Assert.Equal(CaseA, evidence.GetProperty("case").GetProperty("sscc").GetString());
        Assert.Equal(Pallet, evidence.GetProperty("pallet").GetProperty("sscc").GetString());
        Assert.Equal(finding.GetProperty("shipmentId").GetGuid(), evidence.GetProperty("shipment").GetProperty("shipmentId").GetGuid());
        Assert.Equal(Guangdong, evidence.GetProperty("dealer").GetProperty("dealerId").GetString());
        var inspection = evidence.GetProperty("inspection");
        Assert.Equal(
            (Hangzhou, "Hangzhou West Lake Watches", Wang, finding.GetProperty("id").GetGuid()),
            (inspection.GetProperty("storeRegion").GetString(), inspection.GetProperty("storeName").GetString(), inspection.GetProperty("inspector").GetString(), inspection.GetProperty("inspectionId").GetGuid()));
    }

    [Fact]
    public async Task The_same_inspector_scanning_the_same_unit_again_adds_a_finding_but_no_second_alert()
    {
        var serials = await SeedAsync();
        var code = CentralApiFactory.SignedCode(Gtin, serials[1]);

        var first = await InspectAsync(Wang, code, Hangzhou, "Store A");
        var again = await InspectAsync(Wang, code, "CN-330000", "Store B");
        var other = await InspectAsync(Li, code, Hangzhou, "Store A");

        Assert.NotEqual(first.GetProperty("id").GetGuid(), again.GetProperty("id").GetGuid());
        Assert.Equal(first.GetProperty("alertId").GetGuid(), again.GetProperty("alertId").GetGuid());
        Assert.NotEqual(first.GetProperty("alertId").GetGuid(), other.GetProperty("alertId").GetGuid());
        using var desk = _factory.HttpClient(CentralApiFactory.ServiceDeskKey);
        using var alerts = JsonDocument.Parse(await desk.GetStringAsync("/api/alerts?kind=diversion"));
        Assert.Equal(2, alerts.RootElement.GetProperty("alerts").GetArrayLength());
        using var listed = JsonDocument.Parse(await desk.GetStringAsync($"/api/inspections?dealerId={Guangdong}"));
        Assert.Equal(3, listed.RootElement.GetProperty("inspections").GetArrayLength());
    }

    [Fact]
    public async Task A_scan_in_a_Shenzhen_store_is_inside_the_Guangdong_dealers_province_and_raises_nothing()
    {
        var serials = await SeedAsync();

        var finding = await InspectAsync(Wang, $"https://id.gs1.org/01/{Gtin}/21/{serials[2]}?8030={DigSigOf(serials[2])}", Shenzhen, "Shenzhen Futian Mall");

        Assert.Equal(("authorized", false), (finding.GetProperty("finding").GetString(), finding.GetProperty("diversion").GetBoolean()));
        Assert.Equal(Guangdong, finding.GetProperty("dealer").GetProperty("dealerId").GetString());
        Assert.Equal(JsonValueKind.Null, finding.GetProperty("alertId").ValueKind);
        using var desk = _factory.HttpClient(CentralApiFactory.ServiceDeskKey);
        using var alerts = JsonDocument.Parse(await desk.GetStringAsync("/api/alerts"));
        Assert.Equal(0, alerts.RootElement.GetProperty("alerts").GetArrayLength());
    }

    [Fact]
    public async Task The_photo_is_stored_and_served_back_byte_identical_to_its_inspector_and_staff_only()
    {
        var serials = await SeedAsync();
        var png = new byte[300_000];
        Random.Shared.NextBytes(png);
        new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }.CopyTo(png, 0);

        var finding = await InspectAsync(Wang, CentralApiFactory.SignedCode(Gtin, serials[0]), Hangzhou, "Store", new { contentType = "image/png", data = Convert.ToBase64String(png) });

        var id = finding.GetProperty("id").GetGuid();
        Assert.Equal(png.Length, finding.GetProperty("photo").GetProperty("length").GetInt64());
        using var wang = _factory.HttpClient(CentralApiFactory.InspectorKeyFor(Wang));
        using var photo = await wang.GetAsync(new Uri($"/api/inspections/{id}/photo", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, photo.StatusCode);
        Assert.Equal("image/png", photo.Content.Headers.ContentType?.MediaType);
        Assert.Equal(png, await photo.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(CentralApiFactory.InspectorKeyFor(Wang), $"/api/inspections/{id}"));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(CentralApiFactory.ServiceDeskKey, $"/api/inspections/{id}/photo"));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(CentralApiFactory.AdminKey, $"/api/inspections/{id}"));
        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(CentralApiFactory.InspectorKeyFor(Li), $"/api/inspections/{id}"));
        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(CentralApiFactory.InspectorKeyFor(Li), $"/api/inspections/{id}/photo"));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(CentralApiFactory.DealerKeyFor(Guangdong), $"/api/inspections/{id}"));
        Assert.Equal(HttpStatusCode.Forbidden, await StatusAsync(CentralApiFactory.InspectorKeyFor(Wang), "/api/inspections"));
    }

    [Theory]
    [InlineData("forged")]
    [InlineData("unsigned")]
    public async Task A_code_whose_digsig_fails_is_stored_as_a_counterfeit_finding_with_an_alert(string how)
    {
        var serials = await SeedAsync();
        var code = how == "forged"
            ? CentralApiFactory.SignedCode(Gtin, serials[0]).Replace($"(21){serials[0]}", $"(21){serials[1]}", StringComparison.Ordinal)
            : $"(01){Gtin}(21){serials[0]}";

        var finding = await InspectAsync(Wang, code, Shenzhen, "Store");

        Assert.Equal((false, how == "forged" ? "Forged" : "NotSigned", "counterfeit_suspicion", false), (finding.GetProperty("genuine").GetBoolean(), finding.GetProperty("codeStatus").GetString(), finding.GetProperty("finding").GetString(), finding.GetProperty("diversion").GetBoolean()));
        Assert.Equal(JsonValueKind.Null, finding.GetProperty("dealer").ValueKind);
        using var desk = _factory.HttpClient(CentralApiFactory.ServiceDeskKey);
        using var alert = JsonDocument.Parse(await desk.GetStringAsync($"/api/alerts/{finding.GetProperty("alertId").GetGuid()}"));
        Assert.Equal("counterfeit_suspicion", alert.RootElement.GetProperty("kind").GetString());
        Assert.Equal(code, alert.RootElement.GetProperty("evidence").GetProperty("inspection").GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(CentralApiFactory.ServiceDeskKey, $"/api/inspections/{finding.GetProperty("id").GetGuid()}"));
    }

    [Fact]
    public async Task A_genuine_code_of_a_serial_central_never_allocated_is_stored_with_an_unknown_serial_alert()
    {
        await SeedAsync();

        var finding = await InspectAsync(Wang, CentralApiFactory.SignedCode(Gtin, "NEVER1"), Hangzhou, "Store");

        Assert.Equal(("unknown_serial", true), (finding.GetProperty("finding").GetString(), finding.GetProperty("genuine").GetBoolean()));
        using var desk = _factory.HttpClient(CentralApiFactory.ServiceDeskKey);
        using var alert = JsonDocument.Parse(await desk.GetStringAsync($"/api/alerts/{finding.GetProperty("alertId").GetGuid()}"));
        Assert.Equal(("unknown_serial", "NEVER1"), (alert.RootElement.GetProperty("kind").GetString(), alert.RootElement.GetProperty("unit").GetProperty("serial").GetString()));
    }

    [Fact]
    public async Task A_dealer_key_may_not_inspect_and_an_inspector_or_admin_may()
    {
        var serials = await SeedAsync();
        var body = new { code = CentralApiFactory.SignedCode(Gtin, serials[0]), storeRegion = Shenzhen, storeName = "Store" };

        using var dealer = _factory.HttpClient(CentralApiFactory.DealerKeyFor(Guangdong));
        using var refused = await dealer.PostAsJsonAsync("/api/inspections", body);
        using var desk = _factory.HttpClient(CentralApiFactory.ServiceDeskKey);
        using var deskRefused = await desk.PostAsJsonAsync("/api/inspections", body);
        using var admin = _factory.HttpClient(CentralApiFactory.AdminKey);
        using var accepted = await admin.PostAsJsonAsync("/api/inspections", body);

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, deskRefused.StatusCode);
        Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
    }

    [Theory]
    [InlineData("code", "hello", "CN-330100", "Store", null, null)]
    [InlineData("code", "(01)09506000134352", "CN-330100", "Store", null, null)]
    [InlineData("code", "", "CN-330100", "Store", null, null)]
    [InlineData("storeRegion", null, "CN-4403", "Store", null, null)]
    [InlineData("storeRegion", null, "Zhejiang", "Store", null, null)]
    [InlineData("storeName", null, "CN-330100", " ", null, null)]
    [InlineData("storeName", null, "CN-330100", "long", null, null)]
    [InlineData("photo.data", null, "CN-330100", "Store", "image/png", "R0lGODlhAQABAAAAACw=")]
    [InlineData("photo.data", null, "CN-330100", "Store", "image/jpeg", "not base64!")]
    [InlineData("photo.data", null, "CN-330100", "Store", "image/jpeg", "huge")]
    [InlineData("photo.contentType", null, "CN-330100", "Store", "image/gif", "/9j/4AAQ")]
    [InlineData("photo.contentType", null, "CN-330100", "Store", "image/png", "/9j/4AAQ")]
    public async Task Bad_input_is_a_validation_problem_naming_the_field_and_stores_nothing(
        string field, string? code, string storeRegion, string storeName, string? photoType, string? photoData)
    {
        var serials = await SeedAsync();
        var data = photoData == "huge" ? Convert.ToBase64String(Jpeg(5 * 1024 * 1024 + 1)) : photoData;
        var body = new
        {
            code = code ?? CentralApiFactory.SignedCode(Gtin, serials[0]),
            storeRegion,
            storeName = storeName == "long" ? new string('x', 201) : storeName,
            photo = photoType is null ? null : new { contentType = photoType, data },
        };

        using var wang = _factory.HttpClient(CentralApiFactory.InspectorKeyFor(Wang));
        using var response = await wang.PostAsJsonAsync("/api/inspections", body);

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, text);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(text);
        Assert.Equal([field], problem.RootElement.GetProperty("errors").EnumerateObject().Select(p => p.Name));
        using var desk = _factory.HttpClient(CentralApiFactory.ServiceDeskKey);
        using var listed = JsonDocument.Parse(await desk.GetStringAsync("/api/inspections"));
        Assert.Equal(0, listed.RootElement.GetProperty("inspections").GetArrayLength());
    }

    [Theory]
    [InlineData("?from=2026-12-01T00:00:00", "from")]
    [InlineData("?from=2026-12-01", "from")]
    [InlineData("?to=yesterday", "to")]
    [InlineData("?from=2026-12-02T00:00:00%2B08:00&to=2026-12-01T00:00:00Z", "to")]
    [InlineData("?limit=0", "limit")]
    [InlineData("?limit=1001", "limit")]
    [InlineData("?pageToken=not-a-token", "pageToken")]
    public async Task A_bad_listing_query_is_a_validation_problem_naming_the_parameter(string query, string field)
    {
        using var desk = _factory.HttpClient(CentralApiFactory.ServiceDeskKey);

        using var response = await desk.GetAsync(new Uri("/api/inspections" + query, UriKind.Relative));

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, text);
        using var problem = JsonDocument.Parse(text);
        Assert.Equal([field], problem.RootElement.GetProperty("errors").EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task The_listing_keeps_to_its_time_window()
    {
        var serials = await SeedAsync();
        var finding = await InspectAsync(Wang, CentralApiFactory.SignedCode(Gtin, serials[3]), Hangzhou, "Store");
        var at = finding.GetProperty("inspectedAt").GetDateTimeOffset();
        using var desk = _factory.HttpClient(CentralApiFactory.ServiceDeskKey);

        using var inside = JsonDocument.Parse(await desk.GetStringAsync($"/api/inspections?from={Uri.EscapeDataString(at.AddMinutes(-1).ToString("O"))}&to={Uri.EscapeDataString(at.AddMinutes(1).ToString("O"))}"));
        using var before = JsonDocument.Parse(await desk.GetStringAsync($"/api/inspections?to={Uri.EscapeDataString(at.ToString("O"))}"));

        Assert.Equal([finding.GetProperty("id").GetGuid()], inside.RootElement.GetProperty("inspections").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()));
        Assert.Equal(0, before.RootElement.GetProperty("inspections").GetArrayLength());
    }

    [Fact]
    public async Task The_listing_pages_newest_first_with_a_token_bound_to_its_filters()
    {
        var serials = await SeedAsync();
        var ids = new List<Guid>();
        foreach (var serial in serials)
        {
            ids.Add((await InspectAsync(Wang, CentralApiFactory.SignedCode(Gtin, serial), Hangzhou, "Store")).GetProperty("id").GetGuid());
        }

        using var desk = _factory.HttpClient(CentralApiFactory.ServiceDeskKey);
        var read = new List<Guid>();
        string? token = null;
        var pages = 0;
        do
        {
            using var page = JsonDocument.Parse(await desk.GetStringAsync("/api/inspections?limit=3" + (token is null ? "" : "&pageToken=" + Uri.EscapeDataString(token))));
            read.AddRange(page.RootElement.GetProperty("inspections").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()));
            token = page.RootElement.GetProperty("nextPageToken").GetString();
            pages++;
        }
        while (token is not null && pages < 10);

        Assert.Equal(2, pages);
        Assert.Equal(Enumerable.Reverse(ids), read);

        using var first = JsonDocument.Parse(await desk.GetStringAsync("/api/inspections?limit=3"));
        var firstToken = Uri.EscapeDataString(first.RootElement.GetProperty("nextPageToken").GetString()!);
        using var otherFilters = await desk.GetAsync(new Uri($"/api/inspections?limit=3&dealerId=GD-1&pageToken={firstToken}", UriKind.Relative));
        var text = await otherFilters.Content.ReadAsStringAsync();
        Assert.True(otherFilters.StatusCode == HttpStatusCode.BadRequest, text);
        using var problem = JsonDocument.Parse(text);
        Assert.Equal(["pageToken"], problem.RootElement.GetProperty("errors").EnumerateObject().Select(p => p.Name));
    }

    private static byte[] Jpeg(int length)
    {
        var bytes = new byte[length];
        new byte[] { 0xFF, 0xD8, 0xFF, 0xE0 }.CopyTo(bytes, 0);
        return bytes;
    }

    private static string DigSigOf(string serial)
    {
        var signed = ElementString.Parse(CentralApiFactory.SignedCode(Gtin, serial));
        return Uri.EscapeDataString(signed["8030"]!);
    }

    private async Task<JsonElement> InspectAsync(string inspector, string code, string storeRegion, string storeName, object? photo = null)
    {
        using var http = _factory.HttpClient(CentralApiFactory.InspectorKeyFor(inspector));
        using var response = await http.PostAsJsonAsync("/api/inspections", new { code, storeRegion, storeName, photo });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, text);
        using var body = JsonDocument.Parse(text);
        Assert.Equal($"/api/inspections/{body.RootElement.GetProperty("id").GetGuid()}", response.Headers.Location?.OriginalString);
        return body.RootElement.Clone();
    }

    private async Task<HttpStatusCode> StatusAsync(string key, string path)
    {
        using var http = _factory.HttpClient(key);
        using var response = await http.GetAsync(new Uri(path, UriKind.Relative));
        return response.StatusCode;
    }

    // Four units made on line-1 (two per case, both cases on one pallet), shipped brand → distributor → Guangdong dealer.
    private async Task<IReadOnlyList<string>> SeedAsync()
    {
        await _factory.PostOkAsync(CentralApiFactory.AdminKey, "/api/products", new { gtin = Gtin, companyPrefixLength = 7, model = "W1", name = "Watch One" }, HttpStatusCode.Created);
        var serials = await _factory.PackTwoCasesOnAPalletAsync(Gtin, CaseA, CaseB, Pallet);
        await _factory.CreateDealersAsync(
            new { id = Distributor, name = "South China Distribution", level = 1, regions = new[] { "CN" } },
            new { id = Guangdong, name = "Guangdong Dealer", parentId = Distributor, level = 2, regions = new[] { "CN-GD" } });
        await _factory.ShipDownAsync($"(00){Pallet}", Distributor, Guangdong);
        return serials;
    }
}
