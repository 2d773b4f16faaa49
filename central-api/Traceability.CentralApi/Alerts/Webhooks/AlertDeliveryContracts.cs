using Traceability.CentralApi.Storage;

namespace Traceability.CentralApi.Alerts.Webhooks;

/// <summary>A delivery of an alert to a webhook, as the API shows it.</summary>
public sealed record AlertDeliveryResponse(
    Guid Id,
    Guid AlertId,
    string WebhookId,
    string WebhookHost,
    string State,
    int Attempts,
    DateTimeOffset CreatedAt,
    DateTimeOffset? LastAttemptAt,
    int? LastStatusCode,
    string? LastError,
    DateTimeOffset? NextAttemptAt,
    DateTimeOffset? DeliveredAt)
{
    public static AlertDeliveryResponse From(AlertDeliveryRecord d) => new(
        d.DeliveryId, d.AlertId, d.WebhookId, d.WebhookHost, AlertDeliveryArguments.Stored(d.State), d.Attempts, d.CreatedAt, d.LastAttemptAt,
        d.LastStatusCode, d.LastError, d.NextAttemptAt, d.DeliveredAt);
}

/// <summary>One page of <c>GET /api/alerts/deliveries</c>, newest first; <paramref name="NextAfter"/> (null on the last page) continues it.</summary>
public sealed record AlertDeliveryListResponse(IReadOnlyList<AlertDeliveryResponse> Deliveries, Guid? NextAfter);
