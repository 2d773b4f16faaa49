using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Traceability.CentralApi.Tests.Grpc;

namespace Traceability.CentralApi.Tests.Catalog;

public sealed class CatalogEndpointTests : IDisposable
{
    private readonly CentralApiFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task A_product_is_created_then_updated_and_read_back_by_any_gtin_form()
    {
        using var http = _factory.HttpClient(CentralApiFactory.AdminKey);

        using var created = await http.PostAsJsonAsync("/api/products", new { gtin = "9506000134352", companyPrefixLength = 7, model = "W1", name = "Watch One", listPrice = 1999.00, currency = "CNY" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("/api/products/09506000134352", created.Headers.Location?.OriginalString);

        using var updated = await http.PostAsJsonAsync("/api/products", new { gtin = "09506000134352", companyPrefixLength = 7, model = "W1", name = "Watch One (2026)", warrantyMonths = 24 });
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);

        using var body = JsonDocument.Parse(await http.GetStringAsync("/api/products/9506000134352"));
        var product = body.RootElement;
        Assert.Equal("09506000134352", product.GetProperty("gtin").GetString());
        Assert.Equal("Watch One (2026)", product.GetProperty("name").GetString());
        Assert.Equal(JsonValueKind.Null, product.GetProperty("listPrice").ValueKind);
        Assert.Equal("W1", product.GetProperty("model").GetString());
        Assert.Equal(24, product.GetProperty("warranty").GetProperty("warrantyMonths").GetInt32());
        Assert.Equal(7, product.GetProperty("warranty").GetProperty("returnDays").GetInt32());
        Assert.Equal(15, product.GetProperty("warranty").GetProperty("exchangeDays").GetInt32());
    }

    [Fact]
    public async Task Only_an_admin_writes_master_data_and_staff_read_it()
    {
        using var anonymous = _factory.HttpClient(null);
        using var desk = _factory.HttpClient(CentralApiFactory.ServiceDeskKey);
        using var admin = _factory.HttpClient(CentralApiFactory.AdminKey);
        var body = new { gtin = "09506000134352", companyPrefixLength = 7, model = "W1" };

        using var noKey = await anonymous.PostAsJsonAsync("/api/products", body);
        using var notAdmin = await desk.PostAsJsonAsync("/api/products", body);
        using var created = await admin.PostAsJsonAsync("/api/products", body);
        using var read = await desk.GetAsync("/api/products/09506000134352");
        using var readAnonymous = await anonymous.GetAsync("/api/products/09506000134352");

        Assert.Equal(
            [HttpStatusCode.Unauthorized, HttpStatusCode.Forbidden, HttpStatusCode.Created, HttpStatusCode.OK, HttpStatusCode.Unauthorized],
            new[] { noKey.StatusCode, notAdmin.StatusCode, created.StatusCode, read.StatusCode, readAnonymous.StatusCode });
    }

    [Fact]
    public async Task Bad_fields_are_named_in_a_validation_problem_and_nothing_is_stored()
    {
        using var http = _factory.HttpClient(CentralApiFactory.AdminKey);

        using var response = await http.PostAsJsonAsync("/api/products", new { gtin = "09506000134353", companyPrefixLength = 4, model = "", name = "Watch", listPrice = 10, returnDays = 20, exchangeDays = 15 });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var errors = problem.RootElement.GetProperty("errors");
        Assert.Equal(
            ["companyPrefixLength", "currency", "exchangeDays", "gtin", "model"],
            errors.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToArray());
        Assert.Contains("check digit", errors.GetProperty("gtin")[0].GetString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Changing_the_company_prefix_length_is_a_conflict()
    {
        using var http = _factory.HttpClient(CentralApiFactory.AdminKey);
        (await http.PostAsJsonAsync("/api/products", new { gtin = "09506000134352", companyPrefixLength = 7, model = "W1" })).Dispose();

        using var response = await http.PostAsJsonAsync("/api/products", new { gtin = "09506000134352", companyPrefixLength = 8, model = "W1" });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Batches_need_a_known_product_and_a_valid_lot()
    {
        using var http = _factory.HttpClient(CentralApiFactory.AdminKey);

        using var orphan = await http.PostAsJsonAsync("/api/products/09506000134352/batches", new { lot = "L1", manufacturedOn = "2026-11-20" });
        Assert.Equal(HttpStatusCode.NotFound, orphan.StatusCode);

        (await http.PostAsJsonAsync("/api/products", new { gtin = "09506000134352", companyPrefixLength = 7, model = "W1" })).Dispose();
        using var badLot = await http.PostAsJsonAsync("/api/products/09506000134352/batches", new { lot = "L 1", manufacturedOn = "2026-11-20" });
        Assert.Equal(HttpStatusCode.BadRequest, badLot.StatusCode);
        Assert.Contains("\"lot\"", await badLot.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var created = await http.PostAsJsonAsync("/api/products/09506000134352/batches", new { lot = "L2026-11", manufacturedOn = "2026-11-20", expiry = "2029-11-30" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using var body = JsonDocument.Parse(await http.GetStringAsync("/api/products/09506000134352/batches/L2026-11"));
        Assert.Equal("2029-11-30", body.RootElement.GetProperty("expiry").GetString());

        using var missing = await http.GetAsync("/api/products/09506000134352/batches/NOPE");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }
}
