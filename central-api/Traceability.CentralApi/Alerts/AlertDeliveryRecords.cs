namespace Traceability.CentralApi.Alerts;

/// <summary>Where a delivery of an alert to a webhook stands.</summary>
public enum DeliveryState
{
    /// <summary>Waiting for its next attempt.</summary>
    Pending,

    /// <summary>The receiver answered 2xx.</summary>
    Delivered,

    /// <summary>Refused (4xx) or out of attempts; an admin may re-queue it.</summary>
    Failed,

    /// <summary>Its webhook is no longer configured; never sent.</summary>
    Abandoned,
}

/// <summary>A webhook an alert is to be delivered to, written with the alert.</summary>
/// <param name="WebhookId">The webhook's stable id (<c>WebhookOptions.EffectiveId</c>).</param>
/// <param name="WebhookHost">The URL's host, for people; the URL itself stays in configuration (it may carry a token).</param>
public sealed record DeliveryTarget(string WebhookId, string WebhookHost);

/// <summary>A delivery as stored.</summary>
public sealed record AlertDeliveryRecord(
    Guid DeliveryId,
    Guid AlertId,
    string WebhookId,
    string WebhookHost,
    DeliveryState State,
    int Attempts,
    DateTimeOffset CreatedAt,
    DateTimeOffset? NextAttemptAt,
    DateTimeOffset? LastAttemptAt,
    int? LastStatusCode,
    string? LastError,
    DateTimeOffset? DeliveredAt);

/// <summary>A delivery reserved to one deliverer until its lease ends, with its alert; <paramref name="Claim"/> proves the reservation.</summary>
public sealed record ClaimedDelivery(AlertDeliveryRecord Delivery, AlertRecord Alert, Guid Claim);

/// <summary>The outcome of one attempt: pending (to retry at NextAttemptAt), delivered or failed; Claim is the lease it was made under.</summary>
public sealed record DeliveryAttempt(
    Guid DeliveryId, Guid Claim, DeliveryState State, DateTimeOffset At, int? StatusCode, string? Error, DateTimeOffset? NextAttemptAt);

/// <summary>A listing of deliveries, newest first; <paramref name="After"/> continues after that delivery.</summary>
public sealed record DeliveryQuery(DeliveryState? State, int Limit, Guid? After = null);

/// <summary>What re-queueing did.</summary>
public enum RequeueOutcome
{
    /// <summary>The failed delivery is pending again, due now, with a fresh count of attempts.</summary>
    Requeued,

    /// <summary>The delivery is not failed (pending, delivered, abandoned): nothing changed.</summary>
    NotFailed,

    /// <summary>No delivery has this id.</summary>
    NotFound,
}
