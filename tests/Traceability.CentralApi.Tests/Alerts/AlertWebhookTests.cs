using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Traceability.CentralApi.Alerts;
using Traceability.CentralApi.Alerts.Webhooks;
using Traceability.CentralApi.Storage;
using Traceability.CentralApi.Tests.Grpc;

namespace Traceability.CentralApi.Tests.Alerts;

public sealed class AlertWebhookTests : IAsyncLifetime, IDisposable
{
    private const string Gtin = "09506000134352";
    private const string Secret = "receiver-secret-0123456789";
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 2, 0, 0, TimeSpan.Zero));
    private readonly CentralApiFactory _factory;
    private WebhookReceiver _receiver = null!;

    public AlertWebhookTests() => _factory = new CentralApiFactory { Time = _time };

    public async Task InitializeAsync()
    {
        _receiver = await WebhookReceiver.StartAsync(Secret);
        _factory.Settings["Alerts:Webhooks:0:Url"] = _receiver.Url.ToString();
        _factory.Settings["Alerts:Webhooks:0:Secret"] = Secret;
        _factory.Settings["Alerts:Delivery:BaseDelay"] = "00:00:02";
        _factory.Settings["Alerts:Delivery:MaxDelay"] = "00:00:10";
        _factory.Settings["Alerts:Delivery:MaxAttempts"] = "4";
        _factory.Settings["Alerts:Delivery:PollInterval"] = "00:00:01";
    }

    public async Task DisposeAsync()
    {
        _factory.Dispose();
        await _receiver.DisposeAsync();
    }

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task A_raised_alert_is_posted_signed_with_its_delivery_id_and_shows_delivered()
    {
        var alert = await RaiseAsync(AlertKind.Diversion, "S1");

        var delivery = await DriveUntilAsync(alert, d => d.State == DeliveryState.Delivered, advance: false);

        var received = Assert.Single(_receiver.Received);
        Assert.True(received.SignatureValid);
        Assert.Equal(delivery.DeliveryId.ToString("D"), received.DeliveryId);
        Assert.Equal("alert.raised", received.Event);
        Assert.Equal(_time.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), received.Timestamp);
        Assert.Equal(alert.ToString("D"), received.Body.GetProperty("id").GetString());
        Assert.Equal("diversion", received.Body.GetProperty("kind").GetString());
        Assert.Equal("open", received.Body.GetProperty("status").GetString());
        Assert.Equal("S1", received.Body.GetProperty("unit").GetProperty("serial").GetString());
        Assert.Equal("seen abroad", received.Body.GetProperty("summary").GetString());
        Assert.Equal("CN-330000", received.Body.GetProperty("evidence").GetProperty("region").GetString());
        Assert.Equal(_time.GetUtcNow(), received.Body.GetProperty("raisedAt").GetDateTimeOffset());

        using var http = _factory.HttpClient(CentralApiFactory.ServiceDeskKey);
        using var shown = JsonDocument.Parse(await http.GetStringAsync(new Uri($"/api/alerts/{alert}", UriKind.Relative)));
        var row = Assert.Single(shown.RootElement.GetProperty("deliveries").EnumerateArray().ToList());
        Assert.Equal("delivered", row.GetProperty("state").GetString());
        Assert.Equal(1, row.GetProperty("attempts").GetInt32());
        Assert.Equal(200, row.GetProperty("lastStatusCode").GetInt32());
        Assert.Equal("127.0.0.1", row.GetProperty("webhookHost").GetString());
        Assert.Equal(WebhookOptions.DerivedId(_receiver.Url.ToString()), row.GetProperty("webhookId").GetString());
    }

    [Fact]
    public async Task A_503_is_retried_after_a_backoff_and_then_delivered()
    {
        _receiver.Script.Enqueue((503, null));
        var alert = await RaiseAsync(AlertKind.UnknownSerial, "S2");

        var retrying = await DriveUntilAsync(alert, d => d.Attempts == 1, advance: false);
        Assert.Equal(DeliveryState.Pending, retrying.State);
        Assert.Equal(503, retrying.LastStatusCode);
        var backoff = retrying.NextAttemptAt!.Value - retrying.LastAttemptAt!.Value;
        Assert.InRange(backoff, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2));

        var delivered = await DriveUntilAsync(alert, d => d.State == DeliveryState.Delivered);

        Assert.Equal(2, delivered.Attempts);
        Assert.Equal(2, _receiver.Received.Count);
        Assert.Single(_receiver.Received.Select(r => r.DeliveryId).Distinct());
    }

    [Fact]
    public async Task A_429_with_Retry_After_is_not_retried_before_the_time_asked()
    {
        _receiver.Script.Enqueue((429, "120"));
        var alert = await RaiseAsync(AlertKind.PriceViolation, "S3");

        var waiting = await DriveUntilAsync(alert, d => d.Attempts == 1, advance: false);
        Assert.Equal(waiting.LastAttemptAt!.Value.AddSeconds(120), waiting.NextAttemptAt);

        var delivered = await DriveUntilAsync(alert, d => d.State == DeliveryState.Delivered);
        Assert.True(delivered.DeliveredAt >= waiting.LastAttemptAt.Value.AddSeconds(120), $"delivered at {delivered.DeliveredAt:O}");
        Assert.Equal(2, _receiver.Received.Count);
    }

    [Fact]
    public async Task A_400_fails_at_once_without_retries_and_an_admin_can_requeue_it()
    {
        _receiver.Script.Enqueue((400, null));
        var alert = await RaiseAsync(AlertKind.RewardFraud, "S4");

        var failed = await DriveUntilAsync(alert, d => d.State == DeliveryState.Failed);
        for (var i = 0; i < 30; i++)
        {
            _time.Advance(TimeSpan.FromSeconds(10));
        }

        Assert.Equal((1, 400, (DateTimeOffset?)null), (failed.Attempts, failed.LastStatusCode, failed.NextAttemptAt));
        Assert.Single(_receiver.Received);

        using var admin = _factory.HttpClient(CentralApiFactory.AdminKey);
        using var listed = JsonDocument.Parse(await admin.GetStringAsync(new Uri("/api/alerts/deliveries?state=failed", UriKind.Relative)));
        Assert.Equal(failed.DeliveryId, listed.RootElement.GetProperty("deliveries")[0].GetProperty("id").GetGuid());
        using var desk = _factory.HttpClient(CentralApiFactory.ServiceDeskKey);
        using var forbidden = await desk.PostAsync(new Uri($"/api/alerts/deliveries/{failed.DeliveryId}/retry", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);

        using var retry = await admin.PostAsync(new Uri($"/api/alerts/deliveries/{failed.DeliveryId}/retry", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.Accepted, retry.StatusCode);
        var delivered = await DriveUntilAsync(alert, d => d.State == DeliveryState.Delivered);
        Assert.Equal(1, delivered.Attempts);
        Assert.Equal(2, _receiver.Received.Count);
        using var again = await admin.PostAsync(new Uri($"/api/alerts/deliveries/{failed.DeliveryId}/retry", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Fact]
    public async Task A_webhook_gets_only_the_kinds_it_lists()
    {
        _factory.Settings["Alerts:Webhooks:0:Kinds:0"] = "diversion";
        _factory.Settings["Alerts:Webhooks:0:Kinds:1"] = "counterfeit_suspicion";

        var unknown = await RaiseAsync(AlertKind.UnknownSerial, "S5");
        var counterfeit = await RaiseAsync(AlertKind.CounterfeitSuspicion, "S6");

        await DriveUntilAsync(counterfeit, d => d.State == DeliveryState.Delivered);
        Assert.Empty(await Deliveries.GetAlertDeliveriesAsync(unknown));
        Assert.Equal(["counterfeit_suspicion"], _receiver.Received.Select(r => r.Body.GetProperty("kind").GetString()));
    }

    private IAlertDeliveryStore Deliveries => _factory.Services.GetRequiredService<IAlertDeliveryStore>();

    private async Task<Guid> RaiseAsync(AlertKind kind, string serial)
    {
        var service = _factory.Services.GetRequiredService<AlertService>();
        var raised = await service.RaiseAsync(kind, "seen abroad", new { region = "CN-330000" }, Gtin, serial);
        return raised.Alert.AlertId;
    }

    /// <summary>
    /// Polls the alert's single delivery until <paramref name="condition"/> holds, advancing the fake clock a second
    /// each round when <paramref name="advance"/> (a retry waits on that clock); fails after 10 s of real time.
    /// </summary>
    private async Task<AlertDeliveryRecord> DriveUntilAsync(Guid alertId, Func<AlertDeliveryRecord, bool> condition, bool advance = true)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        AlertDeliveryRecord? last = null;
        while (DateTime.UtcNow < deadline)
        {
            last = (await Deliveries.GetAlertDeliveriesAsync(alertId)).SingleOrDefault();
            if (last is not null && condition(last))
            {
                return last;
            }

            if (advance)
            {
                _time.Advance(TimeSpan.FromSeconds(1));
            }

            await Task.Delay(10);
        }

        Assert.Fail($"The delivery of alert {alertId} never got there; last: {last}");
        return null!;
    }
}
