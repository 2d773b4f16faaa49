using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Traceability.CentralApi.Tests.Grpc;
using Traceability.Core.Gs1;
using static Traceability.CentralApi.Tests.Grpc.WireEvents;

namespace Traceability.CentralApi.Tests.Units;

public sealed class UnitEndpointTests : IDisposable
{
    private const string Gtin = "09506000134352";
    private static readonly string CaseSscc = Sscc.Create(0, "9506000", 1).Value;
    private static readonly string PalletSscc = Sscc.Create(0, "9506000", 2).Value;
    private readonly CentralApiFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task A_streamed_unit_reads_back_with_product_batch_work_order_and_its_case_and_pallet()
    {
        var serials = await PackAsync();
        using var http = _factory.HttpClient(CentralApiFactory.ServiceDeskKey);
        using (var admin = _factory.HttpClient(CentralApiFactory.AdminKey))
        {
            (await admin.PostAsJsonAsync("/api/products", new { gtin = Gtin, companyPrefixLength = 7, model = "W1", name = "Watch One" })).Dispose();
        }

        using var body = JsonDocument.Parse(await http.GetStringAsync($"/api/units/{Gtin}/{serials[0]}"));

        var unit = body.RootElement;
        Assert.Equal("Commissioned", unit.GetProperty("state").GetString());
        Assert.Equal("line-1", unit.GetProperty("lineId").GetString());
        Assert.Equal("WO-9", unit.GetProperty("workOrderId").GetString());
        Assert.Equal("Watch One", unit.GetProperty("product").GetProperty("name").GetString());
        Assert.Equal("L2026-11", unit.GetProperty("batch").GetProperty("lot").GetString());
        Assert.Equal("2027-12-31", unit.GetProperty("batch").GetProperty("expiry").GetString());
        Assert.Equal([CaseSscc, PalletSscc], unit.GetProperty("hierarchy").EnumerateArray().Select(c => c.GetProperty("sscc").GetString()));
    }

    [Fact]
    public async Task A_pallet_lists_its_cases_and_with_depth_all_every_unit_beneath()
    {
        var serials = await PackAsync();
        using var http = _factory.HttpClient(CentralApiFactory.ServiceDeskKey);

        using var shallow = JsonDocument.Parse(await http.GetStringAsync($"/api/containers/{PalletSscc}"));
        using var deep = JsonDocument.Parse(await http.GetStringAsync($"/api/containers/{PalletSscc}?depth=all"));

        Assert.Equal([CaseSscc], shallow.RootElement.GetProperty("children").EnumerateArray().Select(c => c.GetProperty("sscc").GetString()));
        Assert.Equal(1, shallow.RootElement.GetProperty("childCount").GetInt32());
        Assert.Equal(2, shallow.RootElement.GetProperty("unitCount").GetInt64());
        Assert.Equal(JsonValueKind.Null, shallow.RootElement.GetProperty("units").ValueKind);
        Assert.Equal(serials.Order(StringComparer.Ordinal), deep.RootElement.GetProperty("units").EnumerateArray().Select(u => u.GetProperty("serial").GetString()));
        Assert.False(deep.RootElement.GetProperty("unitsTruncated").GetBoolean());
        Assert.Equal("line-1", deep.RootElement.GetProperty("lineId").GetString());
    }

    [Theory]
    [InlineData("/api/units/09506000134353/S1", "gtin")]
    [InlineData("/api/units/09506000134352/has%20space", "serial")]
    [InlineData("/api/containers/106141411234567890", "sscc")]
    [InlineData("/api/containers/106141411234567897?depth=7", "depth")]
    public async Task A_malformed_identifier_is_a_validation_problem_naming_the_field(string path, string field)
    {
        using var http = _factory.HttpClient(CentralApiFactory.ServiceDeskKey);

        using var response = await http.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal([field], problem.RootElement.GetProperty("errors").EnumerateObject().Select(p => p.Name));
    }

    [Theory]
    [InlineData("/api/units/09506000134352/NEVER1")]
    [InlineData("/api/containers/106141411234567897")]
    public async Task An_unknown_unit_or_container_is_a_404_problem(string path)
    {
        using var http = _factory.HttpClient(CentralApiFactory.ServiceDeskKey);

        using var response = await http.GetAsync(new Uri(path, UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    // Two units into a case, the case onto a pallet, streamed as a line does; returns the units' serials.
    private async Task<IReadOnlyList<string>> PackAsync()
    {
        var serials = await AllocateAsync(_factory, "line-1", Gtin, 2);
        await SendAsync(
            _factory,
            "line-1",
            Commissioned(1, Gtin, serials[0]),
            Commissioned(2, Gtin, serials[1]),
            Aggregated(3, CaseSscc, UnitItem(Gtin, serials[0]), UnitItem(Gtin, serials[1])),
            Aggregated(4, PalletSscc, CaseItem(CaseSscc)));
        return serials;
    }
}
