using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Traceability.CentralApi.Alerts;
using Traceability.CentralApi.Alerts.Webhooks;
using Traceability.CentralApi.Storage;
using Traceability.CentralApi.Tests.Storage;
using Traceability.Testing;

namespace Traceability.CentralApi.Tests.Alerts;

/// <summary>Two central processes on one PostgreSQL, each with its own deliverer: every delivery is sent once.</summary>
public sealed class TwoDeliverersTests : IAsyncLifetime
{
    private const string Secret = "receiver-secret-0123456789";
    private string _database = "";
    private WebhookReceiver _receiver = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabases.CreatePostgresDatabaseAsync();
        _receiver = await WebhookReceiver.StartAsync(Secret);
    }

    public async Task DisposeAsync()
    {
        await _receiver.DisposeAsync();
        await TestDatabases.DropPostgresDatabaseAsync(_database);
    }

    [Fact]
    public async Task Two_deliverers_on_one_postgres_send_each_delivery_once()
    {
        var options = new AlertWebhookOptions
        {
            Webhooks = [new WebhookOptions { Url = _receiver.Url.ToString(), Secret = Secret }],
            Delivery = new DeliveryOptions { PollInterval = TimeSpan.FromMilliseconds(5) },
        };
        var webhooks = new AlertWebhooks(options);
        await using var first = new PostgresCentralStore(TestDatabases.Postgres(_database));
        await using var second = new PostgresCentralStore(TestDatabases.Postgres(_database));
        await first.MigrateAsync();
        const int count = 60;
        var start = DateTimeOffset.UtcNow;
        for (var i = 0; i < count; i++)
        {
            await first.RaiseAlertAsync(new NewAlert(
                Guid.CreateVersion7(), AlertKind.Diversion, null, null, start, "alert " + i, "{}", Deliveries: webhooks.TargetsFor(AlertKind.Diversion)));
        }

        using var http = new HttpClient();
        using var a = Deliverer(first, webhooks, options, http);
        using var b = Deliverer(second, webhooks, options, http);
        await Task.WhenAll(a.StartAsync(CancellationToken.None), b.StartAsync(CancellationToken.None));
        try
        {
            await Eventually.TrueAsync(() => _receiver.Received.Count >= count, () => $"{_receiver.Received.Count} of {count} received", TimeSpan.FromSeconds(20));
            var delivered = await first.ListDeliveriesAsync(new DeliveryQuery(DeliveryState.Delivered, 1000));
            Assert.Equal(count, delivered.Count);
        }
        finally
        {
            await Task.WhenAll(a.StopAsync(CancellationToken.None), b.StopAsync(CancellationToken.None));
        }

        var ids = _receiver.Received.Select(r => r.DeliveryId).ToList();
        Assert.Equal(count, ids.Distinct().Count());
        Assert.Equal(count, ids.Count);
        Assert.All(_receiver.Received, r => Assert.True(r.SignatureValid));
    }

    private static AlertDeliverer Deliverer(IAlertDeliveryStore store, AlertWebhooks webhooks, AlertWebhookOptions options, HttpClient http) =>
        new(store, webhooks, new AlertDeliverySignal(webhooks), Options.Create(options), new OneClient(http), TimeProvider.System, NullLogger<AlertDeliverer>.Instance);

    private sealed class OneClient(HttpClient http) : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => http;
    }
}
