using Traceability.CentralApi.Alerts;

namespace Traceability.CentralApi.Storage;

/// <summary>Alerts (diversion, unknown serial, …): raised by central's checks, listed and acknowledged by the service desk.</summary>
public interface IAlertStore
{
    /// <summary>Stores a new alert, unless its dedup key belongs to an open alert: then that one is returned.</summary>
    /// <exception cref="ArgumentException">The alert is malformed (evidence not JSON, GTIN without serial, empty summary).</exception>
    Task<RaisedAlert> RaiseAlertAsync(NewAlert alert, CancellationToken cancellationToken = default);

    /// <summary>The alert with this id, or null.</summary>
    Task<AlertRecord?> GetAlertAsync(Guid alertId, CancellationToken cancellationToken = default);

    /// <summary>Alerts matching the query, newest first (raised at, then id, descending), one page.</summary>
    Task<AlertPage> ListAlertsAsync(AlertQuery query, CancellationToken cancellationToken = default);

    /// <summary>Acknowledges an open alert, once: a second acknowledgement changes nothing and says so.</summary>
    Task<AcknowledgeResult> AcknowledgeAlertAsync(
        Guid alertId, string acknowledgedBy, DateTimeOffset acknowledgedAt, string? note, CancellationToken cancellationToken = default);

    /// <summary>Per kind, the open alerts, in one grouped query: most first, then kind; kinds with none are left out.</summary>
    Task<IReadOnlyList<AlertKindCount>> CountOpenAlertsByKindAsync(CancellationToken cancellationToken = default);
}
