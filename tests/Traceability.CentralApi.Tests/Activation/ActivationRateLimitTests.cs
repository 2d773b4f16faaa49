using System.Net;
using System.Net.Http.Json;
using Traceability.CentralApi.Tests.Grpc;
using Traceability.CentralApi.Tests.Http;
using Traceability.CentralApi.Tests.RateLimiting;

namespace Traceability.CentralApi.Tests.Activation;

public sealed class ActivationRateLimitTests : IDisposable
{
    private readonly CentralApiFactory _factory = TightPublicLimit.Factory();

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task Activation_is_anonymous_and_under_the_public_rate_limit()
    {
        using var http = _factory.HttpClient(apiKey: null);
        var body = new { code = CentralApiFactory.SignedCode("09506000134352", "RL-1"), accountId = "acct", ip = "113.87.20.4", activatedAt = DateTimeOffset.UtcNow };
        for (var i = 0; i < TightPublicLimit.Permits; i++)
        {
            using var allowed = await http.PostAsJsonAsync("/api/activations", body);
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }

        using var refused = await http.PostAsJsonAsync("/api/activations", body);

        await ProblemDetailsTests.ProblemAsync(refused, HttpStatusCode.TooManyRequests);
    }
}
