using System.Text.Json;
using Traceability.CentralApi.Alerts;
using Traceability.CentralApi.Storage;

namespace Traceability.CentralApi.Tests.Storage;

/// <summary>Alerts, the same on every database.</summary>
public abstract partial class CentralStoreComplianceTests
{
    private static readonly DateTimeOffset AlertsFrom = new(2026, 11, 25, 1, 0, 0, TimeSpan.Zero);

    private IAlertStore Alerts => (IAlertStore)Store;

    [Fact]
    public async Task An_alert_round_trips_with_its_evidence_and_starts_open()
    {
        var alert = NewAlertAt(0, AlertKind.Diversion) with { Evidence = """{"chain":[{"unit":"S1"},{"case":"106141411234567897"}],"note":null}""" };

        var raised = await Alerts.RaiseAlertAsync(alert);

        Assert.True(raised.Created);
        var stored = await Alerts.GetAlertAsync(alert.AlertId);
        Assert.NotNull(stored);
        Assert.Equal((alert.AlertId, AlertKind.Diversion, AlertStatus.Open, Gtin, "S0"), (stored.AlertId, stored.Kind, stored.Status, stored.Gtin, stored.Serial));
        Assert.Equal(EventBatch.Stored(alert.RaisedAt), stored.RaisedAt);
        Assert.True(JsonElement.DeepEquals(JsonDocument.Parse(alert.Evidence).RootElement, JsonDocument.Parse(stored.Evidence).RootElement));
        Assert.Null(stored.AcknowledgedBy);
        Assert.Equal(stored, raised.Alert);
        Assert.Null(await Alerts.GetAlertAsync(Guid.NewGuid()));
    }

    [Fact]
    public async Task Alerts_list_newest_first_filtered_by_kind_and_status_and_page_without_gaps_or_repeats()
    {
        var raised = new List<NewAlert>();
        for (var i = 0; i < 7; i++)
        {
            var alert = NewAlertAt(i / 2, i % 3 == 0 ? AlertKind.UnknownSerial : AlertKind.Diversion); // equal times: the id orders them
            raised.Add(alert);
            await Alerts.RaiseAlertAsync(alert);
        }

        await Alerts.AcknowledgeAlertAsync(raised[3].AlertId, "desk", AlertsFrom.AddHours(1), null);
        var newestFirst = raised.OrderByDescending(a => a.RaisedAt).ThenByDescending(a => a.AlertId.ToString("D"), StringComparer.Ordinal).Select(a => a.AlertId).ToList();

        var pages = new List<Guid>();
        AlertPosition? after = null;
        var count = 0;
        do
        {
            var page = await Alerts.ListAlertsAsync(new AlertQuery(null, null, 3, after));
            pages.AddRange(page.Alerts.Select(a => a.AlertId));
            after = page.Next;
            count++;
        }
        while (after is not null);

        Assert.Equal(newestFirst, pages);
        Assert.Equal(3, count);
        var unknownOpen = await Alerts.ListAlertsAsync(new AlertQuery(AlertKind.UnknownSerial, AlertStatus.Open, 10));
        Assert.Equal(newestFirst.Where(id => id != raised[3].AlertId && raised.Single(a => a.AlertId == id).Kind == AlertKind.UnknownSerial), unknownOpen.Alerts.Select(a => a.AlertId));
        Assert.Null(unknownOpen.Next);
        var acknowledged = await Alerts.ListAlertsAsync(new AlertQuery(null, AlertStatus.Acknowledged, 10));
        Assert.Equal([raised[3].AlertId], acknowledged.Alerts.Select(a => a.AlertId));
        Assert.Empty((await Alerts.ListAlertsAsync(new AlertQuery(AlertKind.RewardFraud, null, 10))).Alerts);
    }

    [Fact]
    public async Task An_alert_is_acknowledged_once_and_keeps_who_when_and_the_note()
    {
        var alert = NewAlertAt(0, AlertKind.UnknownSerial);
        await Alerts.RaiseAlertAsync(alert);
        var at = AlertsFrom.AddMinutes(5);

        var first = await Alerts.AcknowledgeAlertAsync(alert.AlertId, "servicedesk-key-1", at, "checked with the dealer");
        var second = await Alerts.AcknowledgeAlertAsync(alert.AlertId, "admin-key-0", at.AddMinutes(1), "again");
        var missing = await Alerts.AcknowledgeAlertAsync(Guid.NewGuid(), "admin-key-0", at, null);

        Assert.Equal(AcknowledgeOutcome.Acknowledged, first.Outcome);
        Assert.Equal(AcknowledgeOutcome.AlreadyAcknowledged, second.Outcome);
        Assert.Equal(AcknowledgeOutcome.NotFound, missing.Outcome);
        Assert.Null(missing.Alert);
        var stored = await Alerts.GetAlertAsync(alert.AlertId);
        Assert.Equal((AlertStatus.Acknowledged, "servicedesk-key-1", at, "checked with the dealer"), (stored!.Status, stored.AcknowledgedBy, stored.AcknowledgedAt, stored.AcknowledgementNote));
        Assert.Equal(stored, second.Alert);
    }

    [Fact]
    public async Task A_dedup_key_returns_the_open_alert_until_it_is_acknowledged()
    {
        var first = NewAlertAt(0, AlertKind.UnknownSerial) with { DedupKey = "unknown:" + Gtin + ":S0" };
        await Alerts.RaiseAlertAsync(first);

        var repeat = await Alerts.RaiseAlertAsync(NewAlertAt(1, AlertKind.UnknownSerial) with { DedupKey = first.DedupKey });
        await Alerts.AcknowledgeAlertAsync(first.AlertId, "desk", AlertsFrom.AddHours(2), null);
        var after = await Alerts.RaiseAlertAsync(NewAlertAt(3, AlertKind.UnknownSerial) with { DedupKey = first.DedupKey });

        Assert.False(repeat.Created);
        Assert.Equal(first.AlertId, repeat.Alert.AlertId);
        Assert.True(after.Created);
        Assert.NotEqual(first.AlertId, after.Alert.AlertId);
        Assert.Equal(2, (await Alerts.ListAlertsAsync(new AlertQuery(null, null, 10))).Alerts.Count);
    }

    [Fact]
    public async Task Concurrent_raises_with_one_dedup_key_store_one_alert()
    {
        var raises = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            Alerts.RaiseAlertAsync(NewAlertAt(i, AlertKind.UnknownSerial) with { DedupKey = "same" })));

        Assert.Single(raises, r => r.Created);
        Assert.Single(raises.Select(r => r.Alert.AlertId).Distinct());
    }

    [Fact]
    public async Task A_malformed_alert_is_refused_and_nothing_is_stored()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Alerts.RaiseAlertAsync(NewAlertAt(0, AlertKind.Diversion) with { Evidence = "{not json" }));
        await Assert.ThrowsAsync<ArgumentException>(() => Alerts.RaiseAlertAsync(NewAlertAt(0, AlertKind.Diversion) with { Serial = null }));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Alerts.RaiseAlertAsync(NewAlertAt(0, AlertKind.Diversion) with { Summary = " " }));

        Assert.Empty((await Alerts.ListAlertsAsync(new AlertQuery(null, null, 10))).Alerts);
    }

    [Fact]
    public async Task Open_alerts_are_counted_per_kind_most_first_and_acknowledged_ones_are_not()
    {
        var diversions = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            diversions.Add((await Alerts.RaiseAlertAsync(NewAlertAt(i, AlertKind.Diversion))).Alert.AlertId);
        }

        await Alerts.RaiseAlertAsync(NewAlertAt(10, AlertKind.PriceViolation));
        await Alerts.RaiseAlertAsync(NewAlertAt(11, AlertKind.UnknownSerial));
        await Alerts.RaiseAlertAsync(NewAlertAt(12, AlertKind.UnknownSerial));
        var acknowledged = (await Alerts.RaiseAlertAsync(NewAlertAt(13, AlertKind.RewardFraud))).Alert.AlertId;
        await Alerts.AcknowledgeAlertAsync(acknowledged, "desk", AlertsFrom.AddHours(1), null);
        await Alerts.AcknowledgeAlertAsync(diversions[0], "desk", AlertsFrom.AddHours(1), null);

        Assert.Equal(
            [new AlertKindCount(AlertKind.Diversion, 2), new AlertKindCount(AlertKind.UnknownSerial, 2), new AlertKindCount(AlertKind.PriceViolation, 1)],
            await Alerts.CountOpenAlertsByKindAsync());
    }

    private static NewAlert NewAlertAt(int minutes, AlertKind kind) => new(
        Guid.NewGuid(), kind, Gtin, "S" + minutes, AlertsFrom.AddMinutes(minutes).AddTicks(7), $"{kind} at minute {minutes}", "{}");
}
