using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Options;
using Traceability.CentralApi.Tests.Grpc;

namespace Traceability.CentralApi.Tests.Resolver;

public sealed class ResolverDescriptionTests : IDisposable
{
    private readonly CentralApiFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task The_description_file_is_served_anonymously_with_the_standard_fields()
    {
        using var http = _factory.HttpClient(apiKey: null);

        using var response = await http.GetAsync(new Uri("/.well-known/gs1resolver", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var description = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Traceability resolver", description.GetProperty("name").GetString());
        Assert.Equal("http://localhost", description.GetProperty("resolverRoot").GetString());
        Assert.Equal(["01", "00"], description.GetProperty("supportedPrimaryKeys").EnumerateArray().Select(k => k.GetString()));
        var linkType = Assert.Single(description.GetProperty("supportedLinkType").EnumerateArray());
        Assert.Equal("https://gs1.org/voc/", linkType.GetProperty("namespace").GetString());
        Assert.Equal("gs1:", linkType.GetProperty("prefix").GetString());
        Assert.False(description.GetProperty("linkTypeDefaultCanBeLinkset").GetBoolean());
    }

    [Fact]
    public async Task A_configured_root_wins_over_the_request_host()
    {
        using var configured = _factory.WithWebHostBuilder(b =>
        {
            b.UseSetting("Resolver:PublicRoot", "https://id.example.com/");
            b.UseSetting("Resolver:Name", "Example resolver");
        });
        using var http = configured.CreateClient();

        var description = await http.GetFromJsonAsync<JsonElement>(new Uri("/.well-known/gs1resolver", UriKind.Relative));

        Assert.Equal("https://id.example.com", description.GetProperty("resolverRoot").GetString());
        Assert.Equal("Example resolver", description.GetProperty("name").GetString());
    }

    [Fact]
    public async Task A_root_that_is_not_an_http_uri_stops_central_at_start()
    {
        var ex = await StartupProbe.StartAsync(new Dictionary<string, string?> { ["Resolver:PublicRoot"] = "ftp://id.example.com" });

        Assert.Contains(
            "Resolver:PublicRoot 'ftp://id.example.com/' must be an absolute http(s) URI",
            Assert.IsType<OptionsValidationException>(ex).Message,
            StringComparison.Ordinal);
    }
}
