namespace Traceability.CentralApi.Alerts;

/// <summary>Whether someone has dealt with an alert.</summary>
public enum AlertStatus
{
    /// <summary>Raised, not yet acknowledged.</summary>
    Open,

    /// <summary>Acknowledged by someone (who, when, and a note are kept).</summary>
    Acknowledged,
}

/// <summary>An alert to raise.</summary>
/// <param name="AlertId">A new id (time-ordered, <see cref="Guid.CreateVersion7(DateTimeOffset)"/>).</param>
/// <param name="Kind">What it is about.</param>
/// <param name="Gtin">The unit's GTIN (14 digits), with <paramref name="Serial"/>, or neither.</param>
/// <param name="Serial">The unit's serial.</param>
/// <param name="RaisedAt">When it was raised.</param>
/// <param name="Summary">One line for people.</param>
/// <param name="Evidence">A JSON document: what led to the alert (docs/alerts.md gives the shapes).</param>
/// <param name="DedupKey">
/// While an alert with this key is open, raising another with the same key returns the open one instead (the same
/// unknown serial scanned a hundred times is one alert); null: never deduplicated.
/// </param>
/// <param name="Deliveries">
/// Webhooks to deliver the alert to: one pending delivery each, written in the alert's transaction (none when the
/// alert is deduplicated). Null or empty: none.
/// </param>
public sealed record NewAlert(
    Guid AlertId, AlertKind Kind, string? Gtin, string? Serial, DateTimeOffset RaisedAt, string Summary, string Evidence, string? DedupKey = null,
    IReadOnlyList<DeliveryTarget>? Deliveries = null);

/// <summary>An alert as stored.</summary>
public sealed record AlertRecord(
    Guid AlertId,
    AlertKind Kind,
    AlertStatus Status,
    string? Gtin,
    string? Serial,
    DateTimeOffset RaisedAt,
    string Summary,
    string Evidence,
    string? DedupKey,
    string? AcknowledgedBy,
    DateTimeOffset? AcknowledgedAt,
    string? AcknowledgementNote);

/// <summary>The answer to raising an alert.</summary>
/// <param name="Alert">The alert stored: the new one, or the open one with the same dedup key.</param>
/// <param name="Created">False when an open alert with the same dedup key was returned instead.</param>
public sealed record RaisedAlert(AlertRecord Alert, bool Created);

/// <summary>A position in the newest-first order of alerts: (raised at, id), both descending.</summary>
public sealed record AlertPosition(DateTimeOffset RaisedAt, Guid AlertId);

/// <summary>A filtered, paged listing, newest first.</summary>
/// <param name="Kind">Only this kind, or all.</param>
/// <param name="Status">Only this status, or all.</param>
/// <param name="Limit">At most this many (1 to 1,000).</param>
/// <param name="After">Start after this position (the last alert of the previous page), or from the newest.</param>
public sealed record AlertQuery(AlertKind? Kind, AlertStatus? Status, int Limit, AlertPosition? After = null);

/// <summary>One page of alerts.</summary>
/// <param name="Alerts">Newest first.</param>
/// <param name="Next">Where the next page starts, or null when this is the last.</param>
public sealed record AlertPage(IReadOnlyList<AlertRecord> Alerts, AlertPosition? Next);

/// <summary>What acknowledging did.</summary>
public enum AcknowledgeOutcome
{
    /// <summary>The alert was open and is acknowledged now.</summary>
    Acknowledged,

    /// <summary>The alert had been acknowledged before; nothing changed.</summary>
    AlreadyAcknowledged,

    /// <summary>No alert has this id.</summary>
    NotFound,
}

/// <summary>The answer to acknowledging an alert: the outcome and the alert as it is afterwards (null when not found).</summary>
public sealed record AcknowledgeResult(AcknowledgeOutcome Outcome, AlertRecord? Alert);

/// <summary>How many open alerts of one kind there are.</summary>
public sealed record AlertKindCount(AlertKind Kind, long Count);
