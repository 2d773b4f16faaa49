using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Traceability.CentralApi.Tests.Grpc;

namespace Traceability.CentralApi.Tests.Http;

public sealed class EndpointAuthorizationTests : IDisposable
{
    private readonly CentralApiFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    // An endpoint without [Authorize] or [AllowAnonymous] would be open to anyone by omission; anonymity must be a
    // decision. This fails when a new endpoint forgets its policy, naming it.
    [Fact]
    public void Every_endpoint_names_a_policy_or_is_explicitly_anonymous()
    {
        var endpoints = _factory.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .Where(e => e.DisplayName?.StartsWith("gRPC - Unimplemented", StringComparison.Ordinal) != true)
            .ToList();

        var open = endpoints
            .Where(e => e.Metadata.GetMetadata<IAllowAnonymous>() is null && e.Metadata.GetMetadata<IAuthorizeData>() is null)
            .Select(e => e.DisplayName)
            .ToList();

        Assert.NotEmpty(endpoints);
        Assert.Empty(open);
    }

    [Theory]
    [InlineData("/healthz")]
    [InlineData("/.well-known/gs1resolver")]
    [InlineData("/grpc.health.v1.Health/Check")]
    public void Public_endpoints_are_anonymous(string path)
    {
        var endpoint = _factory.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Single(e => "/" + e.RoutePattern.RawText?.TrimStart('/') == path);

        Assert.NotNull(endpoint.Metadata.GetMetadata<IAllowAnonymous>());
    }
}
