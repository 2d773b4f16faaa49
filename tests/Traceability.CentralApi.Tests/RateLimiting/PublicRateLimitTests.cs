using System.Net;
using Microsoft.Extensions.Options;
using Traceability.CentralApi.Tests.Grpc;
using Traceability.CentralApi.Tests.Http;

namespace Traceability.CentralApi.Tests.RateLimiting;

public sealed class PublicRateLimitTests : IDisposable
{
    private readonly CentralApiFactory _factory = TightPublicLimit.Factory();

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task Past_the_limit_a_public_endpoint_answers_429_with_retry_after_and_a_problem()
    {
        using var http = _factory.HttpClient(apiKey: null);
        var resolver = new Uri("/.well-known/gs1resolver", UriKind.Relative);
        for (var i = 0; i < TightPublicLimit.Permits; i++)
        {
            using var allowed = await http.GetAsync(resolver);
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }

        using var refused = await http.GetAsync(resolver);

        var problem = await ProblemDetailsTests.ProblemAsync(refused, HttpStatusCode.TooManyRequests);
        var retryAfter = refused.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1));
        Assert.Contains("retry after", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_is_never_rate_limited()
    {
        using var http = _factory.HttpClient(apiKey: null);

        for (var i = 0; i < 5; i++)
        {
            using var response = await http.GetAsync(new Uri("/healthz", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    [Theory]
    [InlineData("RateLimiting:Public:PermitLimit", "0", "RateLimiting:Public:PermitLimit is 0")]
    [InlineData("RateLimiting:Public:Window", "00:00:00", "RateLimiting:Public:Window is 00:00:00")]
    [InlineData("RateLimiting:Public:QueueLimit", "-1", "RateLimiting:Public:QueueLimit is -1")]
    public async Task A_bad_limit_stops_central_at_start(string setting, string value, string expected)
    {
        var ex = await StartupProbe.StartAsync(new Dictionary<string, string?> { [setting] = value });

        Assert.Contains(expected, Assert.IsType<OptionsValidationException>(ex).Message, StringComparison.Ordinal);
    }
}
