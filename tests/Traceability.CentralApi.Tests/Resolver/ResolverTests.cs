using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Traceability.CentralApi.Tests.Grpc;
using Traceability.Core.Gs1;
using static Traceability.CentralApi.Tests.Grpc.WireEvents;

namespace Traceability.CentralApi.Tests.Resolver;

public sealed class ResolverTests : IDisposable
{
    private const string Gtin = "09506000134352";
    private static readonly string CaseSscc = Sscc.Create(0, "9506000", 7).Value;
    private readonly CentralApiFactory _factory = new();
    private readonly HttpClient _http;

    public ResolverTests() => _http = _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    public void Dispose()
    {
        _http.Dispose();
        _factory.Dispose();
    }

    [Fact]
    public async Task A_genuine_serial_answers_a_consumer_app_with_product_state_and_batch_but_no_internal_ids()
    {
        var serial = await CommissionedSerialAsync();

        using var response = await GetAsync($"/01/{Gtin}/21/{serial}", "application/json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        using var json = JsonDocument.Parse(text);
        var root = json.RootElement;
        Assert.True(root.GetProperty("genuine").GetBoolean());
        Assert.Equal("Commissioned", root.GetProperty("state").GetString());
        Assert.Equal("Watch One", root.GetProperty("product").GetProperty("name").GetString());
        Assert.Equal("2026-11-25", root.GetProperty("commissionedOn").GetString());
        Assert.Equal("L2026-11", root.GetProperty("batch").GetProperty("lot").GetString());
        Assert.Equal("2027-12-31", root.GetProperty("batch").GetProperty("expiry").GetString());
        Assert.DoesNotContain("line-1", text, StringComparison.Ordinal);
        Assert.DoesNotContain("WO-9", text, StringComparison.Ordinal);
        Assert.Contains("Accept", response.Headers.Vary);
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
    }

    [Fact]
    public async Task The_linkset_anchors_each_level_at_its_canonical_uri_and_points_at_this_servers_page_and_json()
    {
        var serial = await CommissionedSerialAsync();

        using var response = await GetAsync($"/01/{Gtin}/21/{serial}", "application/linkset+json");

        Assert.Equal("application/linkset+json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var linkset = json.RootElement.GetProperty("linkset");
        Assert.Equal(
            [$"https://id.gs1.org/01/{Gtin}/21/{serial}", $"https://id.gs1.org/01/{Gtin}"],
            linkset.EnumerateArray().Select(c => c.GetProperty("anchor").GetString()));
        var pip = linkset[0].GetProperty("https://gs1.org/voc/pip");
        Assert.Equal(
            [($"http://localhost/pages/01/{Gtin}/21/{serial}", "text/html"), ($"http://localhost/api/dl/01/{Gtin}/21/{serial}", "application/json")],
            pip.EnumerateArray().Select(l => (l.GetProperty("href").GetString(), l.GetProperty("type").GetString())));
        Assert.All(pip.EnumerateArray(), l => Assert.False(string.IsNullOrEmpty(l.GetProperty("title").GetString())));
        Assert.Equal($"http://localhost/pages/01/{Gtin}/21/{serial}", linkset[0].GetProperty("https://gs1.org/voc/defaultLink")[0].GetProperty("href").GetString());
        var header = string.Join(", ", response.Headers.GetValues("Link"));
        Assert.Contains($"<http://localhost/01/{Gtin}/21/{serial}?linkType=linkset>; rel=\"linkset\"", header, StringComparison.Ordinal);
        Assert.Contains("rel=\"https://gs1.org/voc/pip\"", header, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("linkset", "application/linkset+json", "application/linkset+json")]
    [InlineData("all", "application/json", "application/json")]
    [InlineData("all", "text/html", "application/linkset+json")]
    public async Task LinkType_linkset_or_all_returns_the_linkset(string linkType, string accept, string contentType)
    {
        var serial = await CommissionedSerialAsync();

        using var response = await GetAsync($"/01/{Gtin}/21/{serial}?linkType={linkType}", accept);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(contentType, response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(2, json.RootElement.GetProperty("linkset").GetArrayLength());
    }

    [Theory]
    [InlineData("gs1:pip", "text/html", "/pages")]
    [InlineData("https://gs1.org/voc/pip", "application/json", "/api/dl")]
    [InlineData("https://ref.gs1.org/voc/pip", "text/html", "/pages")]
    [InlineData("gs1:epil", "text/html", "/pages")]
    public async Task A_link_type_redirects_307_to_that_link_or_else_the_default_and_passes_the_query_on(string linkType, string accept, string target)
    {
        var serial = await CommissionedSerialAsync();

        using var response = await GetAsync($"/01/{Gtin}/21/{serial}?linkType={Uri.EscapeDataString(linkType)}&foo=bar", accept);

        Assert.Equal(HttpStatusCode.TemporaryRedirect, response.StatusCode);
        Assert.Equal($"http://localhost{target}/01/{Gtin}/21/{serial}?foo=bar", response.Headers.Location?.OriginalString);
        Assert.Contains("rel=\"linkset\"", string.Join(", ", response.Headers.GetValues("Link")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_browser_gets_a_page_with_every_value_escaped()
    {
        var serial = await CommissionedSerialAsync(name: "Watch <script>alert(1)</script> & Co");

        using var response = await GetAsync($"/01/{Gtin}/21/{serial}", "text/html,application/xhtml+xml,*/*;q=0.8");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var html = await response.Content.ReadAsStringAsync();
        // An unsigned link of a unit never shipped: a consumer scan judges it suspicious (docs/consumer-scan.md).
        Assert.Contains("<h1>Suspicious product code</h1>", html, StringComparison.Ordinal);
        Assert.Contains("Watch &lt;script&gt;alert(1)&lt;/script&gt; &amp; Co", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_serial_is_a_404_in_the_negotiated_format()
    {
        await CommissionedSerialAsync();

        using var page = await GetAsync($"/01/{Gtin}/21/NOSUCHSERIAL", "text/html");
        using var json = await GetAsync($"/01/{Gtin}/21/NOSUCHSERIAL", "application/json");
        using var linkset = await GetAsync($"/01/{Gtin}/21/NOSUCHSERIAL?linkType=linkset", "application/linkset+json");

        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("not genuine", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, json.StatusCode);
        Assert.Equal("application/problem+json", json.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, linkset.StatusCode);
    }

    [Theory]
    [InlineData("/01/09506000134353/21/S1", "check digit")]
    [InlineData("/01/09506000134352/21/S1/foo", "primary key")]
    [InlineData("/01/09506000134352/99/S1", "not a key qualifier")]
    [InlineData("/01/09506000134352/21/S1?17=271399", "(17)")]
    public async Task A_malformed_link_is_a_400_problem_saying_what_is_wrong(string path, string says)
    {
        using var response = await GetAsync(path, "application/json");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains(says, problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/01/{gtin}/10/L2026-11/21/{serial}", true)]
    [InlineData("/01/{gtin}/10/OTHER-LOT/21/{serial}", false)]
    [InlineData("/01/{gtin}/21/{serial}?17=271231", true)]
    [InlineData("/01/{gtin}/21/{serial}?17=280101", false)]
    [InlineData("/01/9506000134352/21/{serial}/", true)]
    public async Task Longer_forms_resolve_and_a_lot_or_expiry_the_serial_was_not_printed_with_is_not_genuine(string template, bool genuine)
    {
        var serial = await CommissionedSerialAsync();

        using var response = await GetAsync(template.Replace("{gtin}", Gtin, StringComparison.Ordinal).Replace("{serial}", serial, StringComparison.Ordinal), "application/json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(genuine, json.RootElement.GetProperty("genuine").GetBoolean());
        Assert.Equal(genuine, json.RootElement.GetProperty("notice").ValueKind == JsonValueKind.Null);
    }

    [Fact]
    public async Task A_serial_issued_but_never_commissioned_is_not_genuine()
    {
        await CommissionedSerialAsync();
        var unused = (await AllocateAsync(_factory, "line-1", Gtin, 1))[0];

        using var response = await GetAsync($"/01/{Gtin}/21/{unused}", "application/json");

        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.False(json.RootElement.GetProperty("genuine").GetBoolean());
        Assert.Equal("Allocated", json.RootElement.GetProperty("state").GetString());
    }

    [Fact]
    public async Task A_gtin_a_batch_and_an_sscc_resolve_to_what_central_knows()
    {
        var serial = await CommissionedSerialAsync();
        await SendAsync(_factory, "line-1", Aggregated(2, CaseSscc, UnitItem(Gtin, serial)));
        using (var admin = _factory.HttpClient(CentralApiFactory.AdminKey))
        {
            (await admin.PostAsJsonAsync($"/api/products/{Gtin}/batches", new { lot = "L2026-11", manufacturedOn = "2026-11-20", expiry = "2027-12-31" })).Dispose();
        }

        using var product = JsonDocument.Parse(await (await GetAsync($"/01/{Gtin}", "application/json")).Content.ReadAsStringAsync());
        using var batch = JsonDocument.Parse(await (await GetAsync($"/01/{Gtin}/10/L2026-11", "application/json")).Content.ReadAsStringAsync());
        using var container = JsonDocument.Parse(await (await GetAsync($"/00/{CaseSscc}", "application/json")).Content.ReadAsStringAsync());
        using var unknownBatch = await GetAsync($"/01/{Gtin}/10/NOPE", "application/json");
        using var unknownSscc = await GetAsync($"/00/{Sscc.Create(0, "9506000", 8).Value}", "application/json");
        using var unknownGtin = await GetAsync("/01/09506000134369", "application/json");

        Assert.Equal("W1", product.RootElement.GetProperty("model").GetString());
        Assert.Equal("2027-12-31", batch.RootElement.GetProperty("batch").GetProperty("expiry").GetString());
        Assert.True(container.RootElement.GetProperty("genuine").GetBoolean());
        Assert.Equal("2026-11-25", container.RootElement.GetProperty("packedOn").GetString());
        Assert.Equal(
            [HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound],
            [unknownBatch.StatusCode, unknownSscc.StatusCode, unknownGtin.StatusCode]);
    }

    [Fact]
    public async Task The_link_targets_serve_one_format_whatever_the_client_accepts()
    {
        var serial = await CommissionedSerialAsync();

        using var page = await GetAsync($"/pages/01/{Gtin}/21/{serial}", "application/json");
        using var json = await GetAsync($"/api/dl/01/{Gtin}/21/{serial}?linkType=gs1:pip", "text/html");

        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, json.StatusCode);
        Assert.Equal("application/json", json.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Options_and_head_are_answered_and_the_resolver_describes_itself()
    {
        var serial = await CommissionedSerialAsync();

        using var optionsRequest = new HttpRequestMessage(HttpMethod.Options, $"/01/{Gtin}/21/{serial}");
        using var headRequest = new HttpRequestMessage(HttpMethod.Head, $"/01/{Gtin}/21/{serial}");
        using var options = await _http.SendAsync(optionsRequest);
        using var head = await _http.SendAsync(headRequest);
        using var description = JsonDocument.Parse(await _http.GetStringAsync("/.well-known/gs1resolver"));

        Assert.Equal(HttpStatusCode.NoContent, options.StatusCode);
        Assert.Contains("OPTIONS", options.Headers.GetValues("Access-Control-Allow-Methods").Single(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(["01", "00"], description.RootElement.GetProperty("supportedPrimaryKeys").EnumerateArray().Select(k => k.GetString()));
        Assert.Equal("http://localhost", description.RootElement.GetProperty("resolverRoot").GetString());
    }

    private async Task<HttpResponseMessage> GetAsync(string path, string accept)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.ParseAdd(accept);
        return await _http.SendAsync(request);
    }

    // One serial of a known product, commissioned on line-1 (lot L2026-11, expiry 271231) through the gRPC stream.
    private async Task<string> CommissionedSerialAsync(string name = "Watch One")
    {
        using (var admin = _factory.HttpClient(CentralApiFactory.AdminKey))
        {
            (await admin.PostAsJsonAsync("/api/products", new { gtin = Gtin, companyPrefixLength = 7, model = "W1", name })).Dispose();
        }
        var serial = (await AllocateAsync(_factory, "line-1", Gtin, 1))[0];
        await SendAsync(_factory, "line-1", Commissioned(1, Gtin, serial));
        return serial;
    }
}
