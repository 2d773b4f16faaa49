using Traceability.CentralApi.Alerts;

namespace Traceability.CentralApi.Storage;

/// <summary>Argument checks and stored forms every store applies to alert deliveries, in one place.</summary>
internal static class AlertDeliveryArguments
{
    public const int MaxLimit = 1000;

    public static void Check(DeliveryQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(query.Limit, MaxLimit);
    }

    public static void CheckClaim(string webhookId, TimeSpan lease, int limit)
    {
        ArgumentException.ThrowIfNullOrEmpty(webhookId);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lease, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
    }

    public static void Check(DeliveryAttempt attempt)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        if (attempt.State is DeliveryState.Abandoned || (attempt.State == DeliveryState.Pending) != attempt.NextAttemptAt.HasValue)
        {
            throw new ArgumentException("An attempt ends pending with a next attempt time, or delivered or failed without one.", nameof(attempt));
        }
    }

    public static string Stored(DeliveryState state) => state switch
    {
        DeliveryState.Pending => "pending",
        DeliveryState.Delivered => "delivered",
        DeliveryState.Failed => "failed",
        _ => "abandoned",
    };

    public static DeliveryState State(string stored) => stored switch
    {
        "pending" => DeliveryState.Pending,
        "delivered" => DeliveryState.Delivered,
        "failed" => DeliveryState.Failed,
        _ => DeliveryState.Abandoned,
    };

    /// <summary>Error text is the receiver's or the network's; bounded so a chatty receiver cannot bloat the table.</summary>
    public static string? Bounded(string? error) => error is { Length: > 500 } ? error[..500] : error;
}
