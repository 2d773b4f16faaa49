using Traceability.CentralApi.Alerts;
using Traceability.CentralApi.Storage;

namespace Traceability.CentralApi.Tests.Storage;

/// <summary>The alert delivery outbox, the same on every database.</summary>
public abstract partial class CentralStoreComplianceTests
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);

    private IAlertDeliveryStore Outbox => (IAlertDeliveryStore)Store;

    [Fact]
    public async Task Raising_an_alert_writes_a_pending_delivery_per_webhook_and_a_deduplicated_one_writes_none()
    {
        var alert = NewAlertAt(0, AlertKind.Diversion) with { DedupKey = "diversion:x", Deliveries = [new("hook-a", "a.example"), new("hook-b", "b.example")] };

        await Alerts.RaiseAlertAsync(alert);
        var again = await Alerts.RaiseAlertAsync(NewAlertAt(1, AlertKind.Diversion) with { DedupKey = "diversion:x", Deliveries = [new("hook-a", "a.example")] });

        Assert.False(again.Created);
        var deliveries = await Outbox.GetAlertDeliveriesAsync(alert.AlertId);
        Assert.Equal(["hook-a", "hook-b"], deliveries.Select(d => d.WebhookId));
        Assert.All(deliveries, d => Assert.Equal((DeliveryState.Pending, 0, EventBatch.Stored(alert.RaisedAt)), (d.State, d.Attempts, d.NextAttemptAt!.Value)));
        Assert.Equal(2, (await Outbox.ListDeliveriesAsync(new DeliveryQuery(null, 10))).Count);
    }

    [Fact]
    public async Task A_delivery_that_cannot_be_written_takes_its_alert_with_it()
    {
        // Two deliveries to one webhook break the (alert, webhook) key: the alert's transaction must roll back whole.
        var alert = NewAlertAt(0, AlertKind.UnknownSerial) with { Deliveries = [new("hook-a", "a.example"), new("hook-a", "a.example")] };

        await Assert.ThrowsAnyAsync<Exception>(() => Alerts.RaiseAlertAsync(alert));

        Assert.Null(await Alerts.GetAlertAsync(alert.AlertId));
        Assert.Empty(await Outbox.ListDeliveriesAsync(new DeliveryQuery(null, 10)));
    }

    [Fact]
    public async Task A_claimed_delivery_is_leased_until_recorded_and_a_retry_waits_until_due()
    {
        var alert = NewAlertAt(0, AlertKind.Diversion) with { Deliveries = [new("hook-a", "a.example"), new("hook-b", "b.example")] };
        await Alerts.RaiseAlertAsync(alert);
        var now = alert.RaisedAt.AddSeconds(1);

        var claimed = Assert.Single(await Outbox.ClaimDueDeliveriesAsync("hook-a", now, Lease, 10));
        Assert.Empty(await Outbox.ClaimDueDeliveriesAsync("hook-a", now, Lease, 10));
        Assert.Equal(alert.AlertId, claimed.Alert.AlertId);
        Assert.Equal(alert.Summary, claimed.Alert.Summary);

        var next = now.AddMinutes(5);
        Assert.True(await Outbox.RecordDeliveryAttemptAsync(new DeliveryAttempt(claimed.Delivery.DeliveryId, claimed.Claim, DeliveryState.Pending, now, 503, "HTTP 503", next)));
        Assert.False(await Outbox.RecordDeliveryAttemptAsync(new DeliveryAttempt(claimed.Delivery.DeliveryId, claimed.Claim, DeliveryState.Delivered, now, 200, null, null)));
        Assert.Empty(await Outbox.ClaimDueDeliveriesAsync("hook-a", next.AddTicks(-10), Lease, 10));

        var second = Assert.Single(await Outbox.ClaimDueDeliveriesAsync("hook-a", next, Lease, 10));
        Assert.Equal((1, 503, "HTTP 503"), (second.Delivery.Attempts, second.Delivery.LastStatusCode, second.Delivery.LastError));

        // The process that held it died: when the lease runs out another claims it, and the first one's record is refused.
        var third = Assert.Single(await Outbox.ClaimDueDeliveriesAsync("hook-a", next + Lease, Lease, 10));
        Assert.False(await Outbox.RecordDeliveryAttemptAsync(new DeliveryAttempt(second.Delivery.DeliveryId, second.Claim, DeliveryState.Delivered, next, 200, null, null)));
        Assert.True(await Outbox.RecordDeliveryAttemptAsync(new DeliveryAttempt(third.Delivery.DeliveryId, third.Claim, DeliveryState.Delivered, next + Lease, 200, null, null)));

        var delivered = (await Outbox.GetDeliveryAsync(third.Delivery.DeliveryId))!;
        Assert.Equal((DeliveryState.Delivered, 2, EventBatch.Stored(next + Lease), (DateTimeOffset?)null), (delivered.State, delivered.Attempts, delivered.DeliveredAt!.Value, delivered.NextAttemptAt));
        Assert.Equal("hook-b", Assert.Single(await Outbox.ClaimDueDeliveriesAsync("hook-b", now, Lease, 10)).Delivery.WebhookId);
    }

    [Fact]
    public async Task Pending_deliveries_to_removed_webhooks_are_abandoned_and_only_failed_ones_requeue()
    {
        var alert = NewAlertAt(0, AlertKind.Diversion) with { Deliveries = [new("kept", "a.example"), new("removed", "b.example")] };
        await Alerts.RaiseAlertAsync(alert);
        var now = alert.RaisedAt.AddSeconds(1);

        Assert.Equal(1, await Outbox.AbandonDeliveriesAsync(["kept"], now));
        Assert.Empty(await Outbox.ClaimDueDeliveriesAsync("removed", now, Lease, 10));
        var claimed = Assert.Single(await Outbox.ClaimDueDeliveriesAsync("kept", now, Lease, 10));
        await Outbox.RecordDeliveryAttemptAsync(new DeliveryAttempt(claimed.Delivery.DeliveryId, claimed.Claim, DeliveryState.Failed, now, 400, "HTTP 400", null));

        var abandoned = (await Outbox.GetAlertDeliveriesAsync(alert.AlertId)).Single(d => d.WebhookId == "removed");
        Assert.Equal(DeliveryState.Abandoned, abandoned.State);
        Assert.Equal(RequeueOutcome.NotFailed, await Outbox.RequeueDeliveryAsync(abandoned.DeliveryId, now));
        Assert.Equal(RequeueOutcome.NotFound, await Outbox.RequeueDeliveryAsync(Guid.NewGuid(), now));
        Assert.Equal([claimed.Delivery.DeliveryId], (await Outbox.ListDeliveriesAsync(new DeliveryQuery(DeliveryState.Failed, 10))).Select(d => d.DeliveryId));
        Assert.Equal(RequeueOutcome.Requeued, await Outbox.RequeueDeliveryAsync(claimed.Delivery.DeliveryId, now.AddHours(1)));
        var requeued = Assert.Single(await Outbox.ClaimDueDeliveriesAsync("kept", now.AddHours(1), Lease, 10));
        Assert.Equal((0, 400), (requeued.Delivery.Attempts, requeued.Delivery.LastStatusCode));
    }

    [Fact]
    public async Task Two_processes_claiming_at_once_never_get_the_same_delivery()
    {
        for (var i = 0; i < 40; i++)
        {
            await Alerts.RaiseAlertAsync(NewAlertAt(i, AlertKind.Diversion) with { Deliveries = [new("hook-a", "a.example")] });
        }

        var other = (IAlertDeliveryStore)OpenTracked(DatabaseName);
        var now = AlertsFrom.AddDays(1);
        var claims = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => (i % 2 == 0 ? Outbox : other).ClaimDueDeliveriesAsync("hook-a", now, Lease, 3)));
        var again = await other.ClaimDueDeliveriesAsync("hook-a", now, Lease, 100);

        var ids = claims.SelectMany(c => c).Concat(again).Select(c => c.Delivery.DeliveryId).ToList();
        Assert.Equal(40, ids.Count);
        Assert.Equal(40, ids.Distinct().Count());
    }
}
