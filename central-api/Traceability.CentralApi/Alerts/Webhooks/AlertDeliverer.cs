using System.Globalization;
using System.Net.Http.Headers;
using Microsoft.Extensions.Options;
using Traceability.CentralApi.Storage;

namespace Traceability.CentralApi.Alerts.Webhooks;

/// <summary>
/// Sends the delivery outbox: one loop per webhook, so a dead receiver only delays its own queue. Each loop claims due
/// deliveries under a lease, POSTs each signed alert, and records the answer (delivered, retry later, failed). At least
/// once: a process that dies mid-send leaves the row leased, and it is sent again when the lease runs out; receivers
/// deduplicate by the delivery id.
/// </summary>
internal sealed class AlertDeliverer(
    IAlertDeliveryStore store,
    AlertWebhooks webhooks,
    AlertDeliverySignal signal,
    IOptions<AlertWebhookOptions> options,
    IHttpClientFactory httpClients,
    TimeProvider time,
    ILogger<AlertDeliverer> logger) : BackgroundService
{
    public const string HttpClientName = "alert-webhooks";
    private const int BatchSize = 20;

    private readonly DeliveryOptions _options = options.Value.Delivery;
    private readonly DeliveryRetryPolicy _policy = new(options.Value.Delivery, Random.Shared.NextDouble);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var abandoned = await store.AbandonDeliveriesAsync(webhooks.All.Select(w => w.Id).ToList(), time.GetUtcNow(), stoppingToken);
        if (abandoned > 0)
        {
            WebhookLog.Abandoned(logger, abandoned);
        }

        await Task.WhenAll(webhooks.All.Select(w => RunAsync(w, stoppingToken)));
    }

    private async Task RunAsync(AlertWebhook webhook, CancellationToken stoppingToken)
    {
        var http = httpClients.CreateClient(HttpClientName);
        while (!stoppingToken.IsCancellationRequested)
        {
            var full = false;
            try
            {
                var claimed = await store.ClaimDueDeliveriesAsync(webhook.Id, time.GetUtcNow(), _options.LeaseDuration, BatchSize, stoppingToken);
                foreach (var delivery in claimed)
                {
                    await DeliverAsync(http, webhook, delivery, stoppingToken);
                }

                full = claimed.Count == BatchSize;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The store is unreachable for a moment: try again at the next poll; nothing is lost, the rows wait.
                WebhookLog.LoopFailed(logger, e, webhook.Id);
            }

            if (!full)
            {
                try
                {
                    await signal.WaitAsync(webhook.Id, _options.PollInterval, time, stoppingToken);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    return;
                }
            }
        }
    }

    private async Task DeliverAsync(HttpClient http, AlertWebhook webhook, ClaimedDelivery claimed, CancellationToken stoppingToken)
    {
        var delivery = claimed.Delivery;
        var attempts = delivery.Attempts + 1;
        var body = AlertWebhookPayload.Serialize(claimed.Alert);
        var timestamp = time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(HttpMethod.Post, webhook.Url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Sign(webhook.Secret, timestamp, body));
        request.Headers.Add(WebhookSignature.TimestampHeader, timestamp);
        request.Headers.Add(WebhookSignature.DeliveryHeader, delivery.DeliveryId.ToString("D"));
        request.Headers.Add(WebhookSignature.EventHeader, WebhookSignature.AlertRaised);

        int? status = null;
        string? error;
        AttemptVerdict verdict;
        using var timeout = new CancellationTokenSource(_options.Timeout, time);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, timeout.Token);
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, either.Token);
            status = (int)response.StatusCode;
            error = response.IsSuccessStatusCode ? null : string.Create(CultureInfo.InvariantCulture, $"HTTP {status} {response.ReasonPhrase}");
            verdict = _policy.AfterResponse(status.Value, response.Headers.RetryAfter, attempts, time.GetUtcNow());
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            error = $"No answer within {_options.Timeout}.";
            verdict = _policy.AfterError(attempts, time.GetUtcNow());
        }
        catch (HttpRequestException e)
        {
            error = e.Message;
            verdict = _policy.AfterError(attempts, time.GetUtcNow());
        }

        var recorded = await store.RecordDeliveryAttemptAsync(
            new DeliveryAttempt(delivery.DeliveryId, claimed.Claim, verdict.State, time.GetUtcNow(), status, error, verdict.NextAttemptAt), stoppingToken);
        if (!recorded)
        {
            WebhookLog.LeaseLost(logger, delivery.DeliveryId, webhook.Id);
        }
        else if (verdict.State == DeliveryState.Delivered)
        {
            WebhookLog.Delivered(logger, delivery.DeliveryId, delivery.AlertId, webhook.Id, attempts);
        }
        else if (verdict.State == DeliveryState.Failed)
        {
            WebhookLog.Failed(logger, delivery.DeliveryId, delivery.AlertId, webhook.Id, attempts, error);
        }
        else
        {
            WebhookLog.WillRetry(logger, delivery.DeliveryId, webhook.Id, attempts, error, verdict.NextAttemptAt);
        }
    }
}

internal static partial class WebhookLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Alert delivery {DeliveryId} of alert {AlertId} to webhook {WebhookId} delivered after {Attempts} attempt(s).")]
    public static partial void Delivered(ILogger logger, Guid deliveryId, Guid alertId, string webhookId, int attempts);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Alert delivery {DeliveryId} to webhook {WebhookId}, attempt {Attempts}: {Error}; next attempt at {NextAttemptAt}.")]
    public static partial void WillRetry(ILogger logger, Guid deliveryId, string webhookId, int attempts, string? error, DateTimeOffset? nextAttemptAt);

    [LoggerMessage(EventId = 3, Level = LogLevel.Error, Message = "Alert delivery {DeliveryId} of alert {AlertId} to webhook {WebhookId} failed after {Attempts} attempt(s): {Error}")]
    public static partial void Failed(ILogger logger, Guid deliveryId, Guid alertId, string webhookId, int attempts, string? error);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "{Count} pending alert deliveries abandoned: their webhooks are no longer configured.")]
    public static partial void Abandoned(ILogger logger, int count);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "Alert delivery {DeliveryId} to webhook {WebhookId}: the lease ran out before the attempt was recorded; another process owns it now.")]
    public static partial void LeaseLost(ILogger logger, Guid deliveryId, string webhookId);

    [LoggerMessage(EventId = 6, Level = LogLevel.Error, Message = "The delivery loop of webhook {WebhookId} failed; it tries again at its next poll.")]
    public static partial void LoopFailed(ILogger logger, Exception exception, string webhookId);
}
