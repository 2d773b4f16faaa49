using Traceability.Core.Epcis;

namespace Traceability.CentralApi.Storage;

/// <summary>
/// EPCIS storage: events captured from partners (<c>POST /epcis/capture</c>), kept as sent with an index of the
/// identifiers they name, and the read side of the line events that the EPCIS export turns into EPCIS events.
/// Implemented by each central store over its own database.
/// </summary>
public interface IEpcisStore
{
    /// <summary>
    /// Stores a capture in one transaction: every event once, keyed by <see cref="CapturedEventRecord.Key"/>. An event
    /// whose key is stored with the same content hash is a duplicate and adds nothing.
    /// </summary>
    /// <exception cref="EpcisEventConflictException">
    /// A key is stored (or repeated in the capture) with another content hash, or an eventID <c>urn:uuid:…</c> is a line
    /// event's id. Nothing of the capture is stored.
    /// </exception>
    Task<EpcisCaptureResult> CaptureAsync(EpcisCapture capture, CancellationToken cancellationToken = default);

    /// <summary>The capture job, or null when there is none with this id.</summary>
    Task<EpcisCaptureJob?> GetCaptureAsync(Guid captureId, CancellationToken cancellationToken = default);

    /// <summary>Captured events matching <paramref name="query"/>, ordered by (event time, key), at most <see cref="CapturedEventQuery.Limit"/>.</summary>
    Task<IReadOnlyList<CapturedEpcisEvent>> QueryCapturedAsync(CapturedEventQuery query, CancellationToken cancellationToken = default);

    /// <summary>The captured event with this key (its eventID, or its hash when it came without one), or null.</summary>
    Task<CapturedEpcisEvent?> GetCapturedAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>
    /// Line events that may match <paramref name="query"/> (a superset where the query names identifiers: the caller
    /// checks the exported events exactly), ordered by (occurred at, <c>urn:uuid:</c> + event id).
    /// </summary>
    Task<IReadOnlyList<StoredLineEvent>> QueryLineEventsAsync(LineEventQuery query, CancellationToken cancellationToken = default);

    /// <summary>The line event with this id, or null.</summary>
    Task<StoredLineEvent?> GetLineEventAsync(Guid eventId, CancellationToken cancellationToken = default);

    /// <summary>The GS1 Company Prefixes of the products central knows (the GTIN digits after the indicator, as long as each product says).</summary>
    Task<IReadOnlyList<string>> GetCompanyPrefixesAsync(CancellationToken cancellationToken = default);
}

/// <summary>One captured event, ready to store.</summary>
/// <param name="Key">Its eventID, or its CBV event hash when it has none.</param>
/// <param name="Type">The event type (ObjectEvent, AggregationEvent, …).</param>
/// <param name="EventTime">Its eventTime (kept to the microsecond for ordering; the JSON keeps what was sent).</param>
/// <param name="BizStep">Its bizStep in compact form (bare CBV name or the URI), or null.</param>
/// <param name="ContentHash">Its CBV event hash: same key and same hash is the same event.</param>
/// <param name="EventJson">The event as captured (with the document's extra <c>@context</c> carried on the event).</param>
/// <param name="Epcs">The identifiers it names, by canonical key and role.</param>
public sealed record CapturedEventRecord(
    string Key, string Type, DateTimeOffset EventTime, string? BizStep, string ContentHash, string EventJson, IReadOnlyList<EpcReference> Epcs);

/// <summary>A capture job: the events of one captured document.</summary>
/// <param name="CaptureId">The job's id.</param>
/// <param name="CreatedAt">When it was received; the record time of the events it stores.</param>
/// <param name="Events">The events.</param>
public sealed record EpcisCapture(Guid CaptureId, DateTimeOffset CreatedAt, IReadOnlyList<CapturedEventRecord> Events);

/// <summary>What a capture stored.</summary>
/// <param name="Stored">Events stored now.</param>
/// <param name="Duplicates">Events that were stored before (or repeated in the document) and added nothing.</param>
public sealed record EpcisCaptureResult(int Stored, int Duplicates);

/// <summary>A finished capture job as stored.</summary>
public sealed record EpcisCaptureJob(Guid CaptureId, DateTimeOffset CreatedAt, int EventCount, int StoredCount, int DuplicateCount);

/// <summary>A captured event as stored.</summary>
public sealed record CapturedEpcisEvent(string Key, string Type, DateTimeOffset EventTime, DateTimeOffset RecordTime, string? BizStep, string EventJson);

/// <summary>A position in (event time, key) order, the keyset of EPCIS query paging.</summary>
/// <param name="EventTime">The event time, microsecond precision, UTC.</param>
/// <param name="Key">The event's key (eventID, hash, or <c>urn:uuid:</c> + line event id), compared by UTF-8 bytes.</param>
public sealed record EpcisKeyset(DateTimeOffset EventTime, string Key);

/// <summary>Identifiers an event must name (MATCH_* parameters): one of <paramref name="Keys"/> or a key starting with one of <paramref name="Prefixes"/>, in one of <paramref name="Roles"/>.</summary>
public sealed record EpcCondition(IReadOnlyList<EpcRole> Roles, IReadOnlyList<string> Keys, IReadOnlyList<string> Prefixes);

/// <summary>A query over captured events; every given part must hold.</summary>
/// <param name="Types">Event types, or null for any.</param>
/// <param name="BizSteps">Compact bizSteps, or null for any.</param>
/// <param name="Epcs">Identifier conditions, all of which must hold.</param>
/// <param name="From">Event time at or after, or null.</param>
/// <param name="Before">Event time before, or null.</param>
/// <param name="After">Only events after this position, or null.</param>
/// <param name="Limit">At most this many events.</param>
public sealed record CapturedEventQuery(
    IReadOnlyList<string>? Types, IReadOnlyList<string>? BizSteps, IReadOnlyList<EpcCondition> Epcs,
    DateTimeOffset? From, DateTimeOffset? Before, EpcisKeyset? After, int Limit);

/// <summary>Identifiers a line event must mention somewhere (its unit columns or its payload): any serial, SSCC or GTIN listed.</summary>
public sealed record LineEpcCondition(IReadOnlyList<string> Serials, IReadOnlyList<string> Ssccs, IReadOnlyList<string> Gtins);

/// <summary>A query over line events.</summary>
/// <param name="Types">Line event types to read.</param>
/// <param name="Epcs">Identifier conditions, all of which must hold (as a superset).</param>
/// <param name="From">Occurred at or after, or null.</param>
/// <param name="Before">Occurred before, or null.</param>
/// <param name="AtOrAfter">Only events at or after this position (by <c>urn:uuid:</c> + event id), or null.</param>
/// <param name="Limit">At most this many events.</param>
public sealed record LineEventQuery(
    IReadOnlyList<string> Types, IReadOnlyList<LineEpcCondition> Epcs, DateTimeOffset? From, DateTimeOffset? Before, EpcisKeyset? AtOrAfter, int Limit);

/// <summary>A line event with the line that sent it and when central stored it.</summary>
public sealed record StoredLineEvent(string LineId, LineEvent Event, DateTimeOffset ReceivedAt);

/// <summary>A captured event's key is taken by different content; the capture was refused as a whole.</summary>
public sealed class EpcisEventConflictException : Exception
{
    public EpcisEventConflictException()
    {
    }

    public EpcisEventConflictException(string message)
        : base(message)
    {
    }

    public EpcisEventConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public EpcisEventConflictException(IReadOnlyList<string> keys, string message)
        : base(message) => Keys = keys;

    /// <summary>The conflicting keys.</summary>
    public IReadOnlyList<string> Keys { get; } = [];
}
