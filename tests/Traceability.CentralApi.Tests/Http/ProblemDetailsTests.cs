using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Traceability.CentralApi.Tests.Grpc;

namespace Traceability.CentralApi.Tests.Http;

public sealed class ProblemDetailsTests : IDisposable
{
    private const string Progress = "/api/lines/line-1/progress";
    private readonly CentralApiFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task No_key_on_a_protected_endpoint_is_a_401_problem_with_a_challenge()
    {
        using var http = _factory.HttpClient(apiKey: null);

        using var response = await http.GetAsync(new Uri(Progress, UriKind.Relative));

        var problem = await ProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Equal("X-Api-Key: missing; send an API key.", problem.GetProperty("detail").GetString());
        Assert.Equal(Progress, problem.GetProperty("instance").GetString());
        Assert.Equal("ApiKey header=\"X-Api-Key\"", Assert.Single(response.Headers.WwwAuthenticate).ToString());
    }

    [Fact]
    public async Task An_unknown_key_is_a_401_problem_saying_so()
    {
        using var http = _factory.HttpClient("not-a-configured-key-at-all");

        using var response = await http.GetAsync(new Uri(Progress, UriKind.Relative));

        var problem = await ProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Equal("X-Api-Key: not a key central knows.", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_key_of_the_wrong_role_is_a_403_problem_naming_the_role()
    {
        using var http = _factory.HttpClient(CentralApiFactory.DealerKey);

        using var response = await http.GetAsync(new Uri(Progress, UriKind.Relative));

        var problem = await ProblemAsync(response, HttpStatusCode.Forbidden);
        Assert.Contains("role Dealer", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_path_is_a_404_problem()
    {
        using var http = _factory.HttpClient(apiKey: null);

        using var response = await http.GetAsync(new Uri("/no/such/thing", UriKind.Relative));

        var problem = await ProblemAsync(response, HttpStatusCode.NotFound);
        Assert.Equal("Not Found", problem.GetProperty("title").GetString());
        Assert.Equal("/no/such/thing", problem.GetProperty("instance").GetString());
    }

    internal static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.StartsWith("https://", problem.GetProperty("type").GetString(), StringComparison.Ordinal);
        return problem;
    }
}
