using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Traceability.CentralApi.Tests.Alerts;
using static Traceability.CentralApi.Tests.Warranty.WarrantyEndpointTests;

namespace Traceability.CentralApi.Tests.Repairs;

public sealed class RepairEndpointTests : IDisposable
{
    private const string Gtin = ServiceDeskFixture.Gtin;
    private readonly ServiceDeskFixture _desk = new();

    public void Dispose() => _desk.Dispose();

    [Fact]
    public async Task A_repair_by_scanned_code_is_recorded_with_its_parts_and_judged_for_the_day_the_unit_came_in()
    {
        var serials = await _desk.CommissionAsync();
        using var http = _desk.Desk();

        using var inWarranty = await http.PostAsJsonAsync("/api/repairs", Repair(serials[0], "2028-02-23T23:30:00+08:00") with
        {
            Code = $"https://id.gs1.org/01/{Gtin}/21/{serials[0]}",
        });
        using var late = await http.PostAsJsonAsync("/api/repairs", Repair(serials[0], "2028-02-23T16:30:00Z") with { Gtin = Gtin, Serial = serials[0] });

        Assert.Equal(HttpStatusCode.Created, inWarranty.StatusCode);
        using var first = JsonDocument.Parse(await inWarranty.Content.ReadAsStringAsync());
        Assert.False(first.RootElement.GetProperty("unknownUnit").GetBoolean());
        Assert.False(first.RootElement.GetProperty("outOfWarranty").GetBoolean());
        Assert.Equal("2028-02-23", first.RootElement.GetProperty("warranty").GetProperty("judgedOn").GetString());
        Assert.Equal("servicedesk-key-1", first.RootElement.GetProperty("recordedBy").GetString());
        Assert.Equal(HttpStatusCode.Created, late.StatusCode);
        using var second = JsonDocument.Parse(await late.Content.ReadAsStringAsync());
        Assert.True(second.RootElement.GetProperty("outOfWarranty").GetBoolean()); // 00:30 on the 24th in Shanghai

        var history = await GetJsonAsync(http, $"/api/units/{Gtin}/{serials[0]}/repairs");
        var repairs = history.GetProperty("repairs").EnumerateArray().ToList();
        Assert.Equal(2, repairs.Count);
        Assert.Equal(["BAT-01", "SCR-9"], repairs[0].GetProperty("parts").EnumerateArray().Select(p => p.GetProperty("partNumber").GetString()));
        Assert.Equal("B-778812", repairs[0].GetProperty("parts")[0].GetProperty("serial").GetString());
        Assert.Empty((await GetJsonAsync(http, $"/api/units/{Gtin}/{serials[1]}/repairs")).GetProperty("repairs").EnumerateArray());
    }

    [Fact]
    public async Task An_invoice_correction_re_judges_a_repair_recorded_out_of_warranty()
    {
        var serials = await _desk.CommissionAsync();
        using var http = _desk.Desk();
        using var recorded = await http.PostAsJsonAsync("/api/repairs", Repair(serials[0], "2028-03-01T10:00:00+08:00") with { Gtin = Gtin, Serial = serials[0] });
        using var recordedBody = JsonDocument.Parse(await recorded.Content.ReadAsStringAsync());
        Assert.True(recordedBody.RootElement.GetProperty("outOfWarranty").GetBoolean());

        using var correction = await http.PostAsJsonAsync($"/api/units/{Gtin}/{serials[0]}/warranty/corrections", new { invoiceDate = "2027-06-01", reason = "invoice 88" });
        correction.EnsureSuccessStatusCode();

        var repair = (await GetJsonAsync(http, $"/api/units/{Gtin}/{serials[0]}/repairs")).GetProperty("repairs")[0];
        Assert.False(repair.GetProperty("outOfWarranty").GetBoolean());
        Assert.Equal("Invoice", repair.GetProperty("warranty").GetProperty("rule").GetString());
    }

    [Fact]
    public async Task A_repair_of_an_unknown_unit_is_kept_flagged_and_raises_one_unknown_serial_alert()
    {
        using var http = _desk.Desk();

        using var first = await http.PostAsJsonAsync("/api/repairs", Repair("FAKE01", "2028-03-01T10:00:00+08:00") with { Gtin = Gtin, Serial = "FAKE01" });
        using var again = await http.PostAsJsonAsync("/api/repairs", Repair("FAKE01", "2028-03-02T10:00:00+08:00") with { Gtin = Gtin, Serial = "FAKE01" });

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        using var body = JsonDocument.Parse(await first.Content.ReadAsStringAsync());
        Assert.True(body.RootElement.GetProperty("unknownUnit").GetBoolean());
        Assert.True(body.RootElement.GetProperty("outOfWarranty").GetBoolean());
        Assert.Equal(JsonValueKind.Null, body.RootElement.GetProperty("warranty").ValueKind);
        var history = await GetJsonAsync(http, $"/api/units/{Gtin}/FAKE01/repairs");
        Assert.True(history.GetProperty("unknownUnit").GetBoolean());
        Assert.Equal(2, history.GetProperty("repairs").GetArrayLength());
        var alerts = (await GetJsonAsync(http, "/api/alerts?kind=unknown_serial")).GetProperty("alerts");
        Assert.Equal(1, alerts.GetArrayLength());
        Assert.Equal("repair", alerts[0].GetProperty("evidence").GetProperty("source").GetString());
    }

    [Fact]
    public async Task The_history_of_a_serial_central_never_saw_and_nobody_repaired_is_404()
    {
        using var http = _desk.Desk();

        using var response = await http.GetAsync(new Uri($"/api/units/{Gtin}/NEVER1/repairs", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    public static TheoryData<string, string> BadRepairs => new()
    {
        { """{"code":"https://id.gs1.org/01/09506000134352/21/A1","gtin":"09506000134352","fault":"f","technician":"t","serviceCentre":"c","receivedAt":"2028-03-01T10:00:00+08:00"}""", "code" },
        { """{"code":"https://id.gs1.org/01/09506000134352","fault":"f","technician":"t","serviceCentre":"c","receivedAt":"2028-03-01T10:00:00+08:00"}""", "code" },
        { """{"gtin":"09506000134353","serial":"A1","fault":"f","technician":"t","serviceCentre":"c","receivedAt":"2028-03-01T10:00:00+08:00"}""", "gtin" },
        { """{"gtin":"09506000134352","fault":"f","technician":"t","serviceCentre":"c","receivedAt":"2028-03-01T10:00:00+08:00"}""", "serial" },
        { """{"gtin":"09506000134352","serial":"A1","technician":"t","serviceCentre":"c","receivedAt":"2028-03-01T10:00:00+08:00"}""", "fault" },
        { """{"gtin":"09506000134352","serial":"A1","fault":"f","serviceCentre":"c","receivedAt":"2028-03-01T10:00:00+08:00"}""", "technician" },
        { """{"gtin":"09506000134352","serial":"A1","fault":"f","technician":"t","receivedAt":"2028-03-01T10:00:00+08:00"}""", "serviceCentre" },
        { """{"gtin":"09506000134352","serial":"A1","fault":"f","technician":"t","serviceCentre":"c","receivedAt":"2028-03-01T10:00:00"}""", "receivedAt" },
        { """{"gtin":"09506000134352","serial":"A1","fault":"f","technician":"t","serviceCentre":"c","receivedAt":"2028-04-01T10:00:00+08:00"}""", "receivedAt" },
        { """{"gtin":"09506000134352","serial":"A1","fault":"f","technician":"t","serviceCentre":"c","receivedAt":"2028-03-01T10:00:00+08:00","completedAt":"2028-02-28T10:00:00+08:00"}""", "completedAt" },
        { """{"gtin":"09506000134352","serial":"A1","fault":"f","technician":"t","serviceCentre":"c","receivedAt":"2028-03-01T10:00:00+08:00","parts":[{"partNumber":"P1"},{"serial":"X"}]}""", "parts[1].partNumber" },
    };

    [Theory]
    [MemberData(nameof(BadRepairs))]
    public async Task A_bad_repair_is_a_problem_naming_the_field_and_stores_nothing(string json, string field)
    {
        using var http = _desk.Desk();

        using var content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(new Uri("/api/repairs", UriKind.Relative), content);

        await AlertEndpointTests.AssertProblemAsync(response, field);
        using var history = await http.GetAsync(new Uri($"/api/units/{Gtin}/A1/repairs", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, history.StatusCode);
    }

    [Fact]
    public async Task Dealers_cannot_record_repairs()
    {
        using var http = _desk.Factory.HttpClient(Grpc.CentralApiFactory.DealerKey);

        using var response = await http.PostAsJsonAsync("/api/repairs", Repair("A1", "2028-03-01T10:00:00+08:00") with { Gtin = Gtin, Serial = "A1" });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    private static RepairBody Repair(string serial, string receivedAt) => new(
        null, null, null, $"screen flickers ({serial})",
        [new PartBody("BAT-01", "B-778812", "battery"), new PartBody("SCR-9", null, null)],
        "Li Wei", receivedAt, null, "Shenzhen Futian SC");

    private sealed record RepairBody(
        string? Code, string? Gtin, string? Serial, string Fault, PartBody[] Parts, string Technician, string ReceivedAt, string? CompletedAt, string ServiceCentre);

    private sealed record PartBody(string PartNumber, string? Serial, string? Description);
}
