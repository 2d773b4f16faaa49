using System.Net;
using Grpc.Core;
using Grpc.Health.V1;
using Microsoft.Data.Sqlite;
using Traceability.CentralApi.Tests.Grpc;

namespace Traceability.CentralApi.Tests.Observability;

public sealed class HealthTests : IDisposable
{
    private readonly CentralApiFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task Healthz_answers_healthy_without_a_key()
    {
        using var http = _factory.HttpClient(apiKey: null);

        using var response = await http.GetAsync(new Uri("/healthz", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Grpc_health_answers_serving_without_a_key()
    {
        var health = new Health.HealthClient(_factory.Channel(apiKey: null));

        var reply = await health.CheckAsync(new HealthCheckRequest());

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, reply.Status);
    }

    [Fact]
    public async Task A_lost_database_turns_both_health_answers_unhealthy()
    {
        _ = _factory.Server;
        SqliteConnection.ClearAllPools();
        foreach (var file in Directory.GetFiles(Path.GetDirectoryName(_factory.DatabasePath)!, "central.db*"))
        {
            File.Delete(file);
        }

        using var http = _factory.HttpClient(apiKey: null);
        using var response = await http.GetAsync(new Uri("/healthz", UriKind.Relative));
        var reply = await new Health.HealthClient(_factory.Channel(apiKey: null)).CheckAsync(new HealthCheckRequest());

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("Unhealthy", await response.Content.ReadAsStringAsync());
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.NotServing, reply.Status);
    }

    [Fact]
    public async Task Grpc_health_of_an_unknown_service_is_not_found()
    {
        var health = new Health.HealthClient(_factory.Channel(apiKey: null));

        var ex = await Assert.ThrowsAsync<RpcException>(async () => await health.CheckAsync(new HealthCheckRequest { Service = "nope" }));

        Assert.Equal(StatusCode.NotFound, ex.StatusCode);
    }
}
