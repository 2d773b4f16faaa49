using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Traceability.CentralApi.Tests.Alerts;
using Traceability.CentralApi.Tests.Repairs;

namespace Traceability.CentralApi.Tests.Warranty;

public sealed class WarrantyEndpointTests : IDisposable
{
    private readonly ServiceDeskFixture _desk = new();

    public void Dispose() => _desk.Dispose();

    [Fact]
    public async Task A_commissioned_unit_starts_its_warranty_at_commissioning_plus_grace_until_the_channel_lands()
    {
        var serials = await _desk.CommissionAsync();
        using var http = _desk.Desk();

        var warranty = await GetJsonAsync(http, $"/api/units/{ServiceDeskFixture.Gtin}/{serials[0]}/warranty");

        var status = warranty.GetProperty("status");
        Assert.Equal("CommissioningGrace", status.GetProperty("rule").GetString());
        Assert.Equal("2027-02-23", status.GetProperty("start").GetString());
        Assert.Equal("2028-02-23", status.GetProperty("end").GetString());
        Assert.Equal("2028-03-10", status.GetProperty("today").GetString());
        Assert.False(status.GetProperty("repair").GetProperty("applies").GetBoolean());
        Assert.Equal("catalog", warranty.GetProperty("policy").GetProperty("source").GetString());
        Assert.Equal(JsonValueKind.Null, warranty.GetProperty("facts").GetProperty("saleOut").ValueKind);
    }

    [Fact]
    public async Task An_invoice_correction_moves_the_start_keeps_the_old_one_in_the_audit_trail_and_the_latest_counts()
    {
        var serials = await _desk.CommissionAsync();
        using var http = _desk.Desk();
        var path = $"/api/units/{ServiceDeskFixture.Gtin}/{serials[0]}/warranty";

        using var first = await http.PostAsJsonAsync(path + "/corrections", new { invoiceDate = "2028-03-05", reason = "invoice FT-0012 from Futian store" });
        _desk.Time.Advance(TimeSpan.FromMinutes(3));
        using var second = await http.PostAsJsonAsync(path + "/corrections", new { invoiceDate = "2028-03-04", reason = "FT-0012 misread: the 4th" });

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        var warranty = await GetJsonAsync(http, path);
        var status = warranty.GetProperty("status");
        Assert.Equal(("Invoice", "2028-03-04", "2029-03-04"), (status.GetProperty("rule").GetString(), status.GetProperty("start").GetString(), status.GetProperty("end").GetString()));
        Assert.Equal("2028-03-11", status.GetProperty("return").GetProperty("lastDay").GetString());
        Assert.True(status.GetProperty("return").GetProperty("applies").GetBoolean());
        var trail = warranty.GetProperty("corrections").EnumerateArray().ToList();
        Assert.Equal(2, trail.Count);
        Assert.Equal(("2027-02-23", "CommissioningGrace"), (trail[0].GetProperty("previousStart").GetString(), trail[0].GetProperty("previousRule").GetString()));
        Assert.Equal(("2028-03-05", "Invoice"), (trail[1].GetProperty("previousStart").GetString(), trail[1].GetProperty("previousRule").GetString()));
        Assert.Equal("servicedesk-key-1", trail[1].GetProperty("correctedBy").GetString());
        Assert.Equal("FT-0012 misread: the 4th", trail[1].GetProperty("reason").GetString());
    }

    [Theory]
    [InlineData("2028-03-05", "", "reason")]
    [InlineData("2028-03-05", null, "reason")]
    [InlineData("05/03/2028", "invoice", "invoiceDate")]
    [InlineData(null, "invoice", "invoiceDate")]
    [InlineData("2028-03-11", "invoice", "invoiceDate")]
    [InlineData("2026-11-24", "invoice", "invoiceDate")]
    public async Task A_bad_correction_is_a_problem_naming_the_field_and_stores_nothing(string? invoiceDate, string? reason, string field)
    {
        var serials = await _desk.CommissionAsync();
        using var http = _desk.Desk();
        var path = $"/api/units/{ServiceDeskFixture.Gtin}/{serials[0]}/warranty";

        using var response = await http.PostAsJsonAsync(path + "/corrections", new { invoiceDate, reason });

        await AlertEndpointTests.AssertProblemAsync(response, field);
        Assert.Empty((await GetJsonAsync(http, path)).GetProperty("corrections").EnumerateArray());
    }

    [Fact]
    public async Task An_unknown_unit_has_no_warranty_and_cannot_be_corrected()
    {
        using var http = _desk.Desk();
        var path = $"/api/units/{ServiceDeskFixture.Gtin}/NEVER1/warranty";

        using var get = await http.GetAsync(new Uri(path, UriKind.Relative));
        using var post = await http.PostAsJsonAsync(path + "/corrections", new { invoiceDate = "2028-03-01", reason = "invoice" });

        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
    }

    [Fact]
    public async Task Inspectors_cannot_correct_a_warranty()
    {
        using var http = _desk.Factory.HttpClient(Grpc.CentralApiFactory.InspectorKey);

        using var response = await http.PostAsJsonAsync($"/api/units/{ServiceDeskFixture.Gtin}/S1/warranty/corrections", new { invoiceDate = "2028-03-01", reason = "x" });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    internal static async Task<JsonElement> GetJsonAsync(HttpClient http, string path)
    {
        using var document = JsonDocument.Parse(await http.GetStringAsync(new Uri(path, UriKind.Relative)));
        return document.RootElement.Clone();
    }
}
