using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Options;
using Traceability.CentralApi.Tests.Grpc;

namespace Traceability.CentralApi.Tests.Resolver;

public sealed class ResolverOptionsTests : IDisposable
{
    private readonly CentralApiFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task A_public_root_with_a_query_fails_at_start_naming_the_setting()
    {
        var ex = Assert.IsType<OptionsValidationException>(await StartupProbe.StartAsync(new Dictionary<string, string?> { ["Resolver:PublicRoot"] = "https://scan.example.com/?x=1" }));

        Assert.Contains("Resolver:PublicRoot", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Configured_roots_name_the_anchor_and_the_link_targets()
    {
        using var configured = _factory.WithWebHostBuilder(b =>
        {
            b.UseSetting("Resolver:CanonicalRoot", "https://id.brand.example");
            b.UseSetting("Resolver:PublicRoot", "https://scan.brand.example/dl/");
        });
        using var http = configured.CreateClient();
        using var product = JsonContent("""{"gtin":"09506000134352","companyPrefixLength":7,"model":"W1","name":"Watch"}""");
        using (var admin = new HttpRequestMessage(HttpMethod.Post, "/api/products") { Content = product })
        {
            admin.Headers.Add("X-Api-Key", CentralApiFactory.AdminKey);
            (await http.SendAsync(admin)).Dispose();
        }
        using var request = new HttpRequestMessage(HttpMethod.Get, "/01/09506000134352?linkType=linkset");

        using var response = await http.SendAsync(request);

        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var context = json.RootElement.GetProperty("linkset")[0];
        Assert.Equal("https://id.brand.example/01/09506000134352", context.GetProperty("anchor").GetString());
        Assert.Equal("https://scan.brand.example/dl/pages/01/09506000134352", context.GetProperty("https://gs1.org/voc/pip")[0].GetProperty("href").GetString());
    }

    private static StringContent JsonContent(string json) => new(json, new MediaTypeHeaderValue("application/json"));
}
