using System.Text.Json;
using Traceability.CentralApi.Alerts.Webhooks;
using Traceability.CentralApi.Storage;

namespace Traceability.CentralApi.Alerts;

/// <summary>
/// The internal API to raise alerts (activation, inspections and repairs call it). Assigns the id and time, stores the
/// evidence as JSON, writes a delivery for each webhook that wants the kind (in the alert's transaction), and logs
/// what was raised.
/// </summary>
public sealed class AlertService
{
    private static readonly JsonSerializerOptions EvidenceJson = new(JsonSerializerDefaults.Web);
    private readonly IAlertStore _store;
    private readonly TimeProvider _time;
    private readonly ILogger<AlertService> _logger;
    private readonly AlertWebhooks _webhooks;
    private readonly AlertDeliverySignal _signal;

    internal AlertService(IAlertStore store, TimeProvider time, ILogger<AlertService> logger, AlertWebhooks webhooks, AlertDeliverySignal signal)
    {
        _store = store;
        _time = time;
        _logger = logger;
        _webhooks = webhooks;
        _signal = signal;
    }

    /// <summary>Raises an alert; with a dedup key, an open alert with the same key is returned instead of a new one.</summary>
    /// <param name="kind">One of <see cref="AlertKind.Known"/>.</param>
    /// <param name="summary">One line for people.</param>
    /// <param name="evidence">Serialized as the alert's JSON evidence (camelCase).</param>
    /// <param name="gtin">The unit's GTIN (with <paramref name="serial"/>), or null.</param>
    /// <param name="serial">The unit's serial, or null.</param>
    /// <param name="dedupKey">See <see cref="NewAlert.DedupKey"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public async Task<RaisedAlert> RaiseAsync<TEvidence>(
        AlertKind kind, string summary, TEvidence evidence, string? gtin = null, string? serial = null, string? dedupKey = null,
        CancellationToken cancellationToken = default)
    {
        if (!AlertKind.TryParse(kind.Value, out _))
        {
            throw new ArgumentException($"'{kind}' is not an alert kind ({string.Join(", ", AlertKind.Known)}).", nameof(kind));
        }

        var now = _time.GetUtcNow();
        var alert = new NewAlert(Guid.CreateVersion7(now), kind, gtin, serial, now, summary, JsonSerializer.Serialize(evidence, EvidenceJson), dedupKey, _webhooks.TargetsFor(kind));
        var raised = await _store.RaiseAlertAsync(alert, cancellationToken);
        if (raised.Created)
        {
            AlertLog.Raised(_logger, kind.Value, raised.Alert.AlertId, gtin, serial, summary);
            foreach (var target in alert.Deliveries!)
            {
                _signal.Notify(target.WebhookId);
            }
        }

        return raised;
    }

    /// <summary>Raises a diversion alert for the unit in <paramref name="evidence"/>, once while it is open.</summary>
    public Task<RaisedAlert> RaiseDiversionAsync(DiversionEvidence evidence, string summary, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        var unit = evidence.Unit;
        return RaiseAsync(AlertKind.Diversion, summary, evidence, unit.Gtin, unit.Serial, $"diversion:{unit.Gtin}:{unit.Serial}", cancellationToken);
    }

    /// <summary>Raises an unknown-serial alert, once per serial while it is open.</summary>
    public Task<RaisedAlert> RaiseUnknownSerialAsync<TEvidence>(
        string gtin, string serial, string summary, TEvidence evidence, CancellationToken cancellationToken = default) =>
        RaiseAsync(AlertKind.UnknownSerial, summary, evidence, gtin, serial, $"unknown_serial:{gtin}:{serial}", cancellationToken);
}

internal static partial class AlertLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "Alert {Kind} {AlertId} raised for {Gtin}/{Serial}: {Summary}")]
    public static partial void Raised(ILogger logger, string kind, Guid alertId, string? gtin, string? serial, string summary);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Alert {AlertId} acknowledged by {By}.")]
    public static partial void Acknowledged(ILogger logger, Guid alertId, string by);
}
