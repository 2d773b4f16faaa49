using Traceability.CentralApi.Alerts;

namespace Traceability.CentralApi.Storage;

/// <summary>
/// The outbox of alert deliveries to webhooks. Rows are written by <see cref="IAlertStore.RaiseAlertAsync"/> in the
/// alert's own transaction (<see cref="NewAlert.Deliveries"/>); deliverers claim due rows under a lease, so two
/// processes never send the same delivery at once.
/// </summary>
public interface IAlertDeliveryStore
{
    /// <summary>
    /// Reserves up to <paramref name="limit"/> pending deliveries to <paramref name="webhookId"/> that are due at
    /// <paramref name="now"/> and not leased, until <paramref name="now"/> + <paramref name="lease"/>; oldest due first.
    /// </summary>
    Task<IReadOnlyList<ClaimedDelivery>> ClaimDueDeliveriesAsync(
        string webhookId, DateTimeOffset now, TimeSpan lease, int limit, CancellationToken cancellationToken = default);

    /// <summary>Records an attempt and releases the lease; false when the lease was lost (another claim took the row).</summary>
    Task<bool> RecordDeliveryAttemptAsync(DeliveryAttempt attempt, CancellationToken cancellationToken = default);

    /// <summary>Marks pending deliveries to webhooks not in <paramref name="configuredWebhookIds"/> abandoned; returns how many.</summary>
    Task<int> AbandonDeliveriesAsync(IReadOnlyCollection<string> configuredWebhookIds, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>The delivery with this id, or null.</summary>
    Task<AlertDeliveryRecord?> GetDeliveryAsync(Guid deliveryId, CancellationToken cancellationToken = default);

    /// <summary>The deliveries of one alert, by webhook id.</summary>
    Task<IReadOnlyList<AlertDeliveryRecord>> GetAlertDeliveriesAsync(Guid alertId, CancellationToken cancellationToken = default);

    /// <summary>Deliveries, newest first (by id, which is time-ordered), one page.</summary>
    Task<IReadOnlyList<AlertDeliveryRecord>> ListDeliveriesAsync(DeliveryQuery query, CancellationToken cancellationToken = default);

    /// <summary>Puts a failed delivery back in the queue, due at <paramref name="now"/>.</summary>
    Task<RequeueOutcome> RequeueDeliveryAsync(Guid deliveryId, DateTimeOffset now, CancellationToken cancellationToken = default);
}
