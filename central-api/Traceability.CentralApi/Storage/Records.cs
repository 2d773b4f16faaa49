using Traceability.Core.Lifecycle;

namespace Traceability.CentralApi.Storage;

/// <summary>One event as a line streams it to central.</summary>
/// <param name="EventId">Globally unique; central stores each id once.</param>
/// <param name="Sequence">The line's own counter, from 1, without reuse.</param>
/// <param name="Type">What happened, e.g. <see cref="LineEventTypes.Commissioned"/>.</param>
/// <param name="OccurredAt">When it happened; stored in UTC with microsecond precision.</param>
/// <param name="Gtin">The unit's GTIN when the event concerns a unit.</param>
/// <param name="Serial">The unit's serial when the event concerns a unit.</param>
/// <param name="Payload">The event's details as a JSON document.</param>
public sealed record LineEvent(
    Guid EventId, long Sequence, string Type, DateTimeOffset OccurredAt, string? Gtin, string? Serial, string Payload)
{
    /// <summary>The work order the line was running, when it said; <see cref="LineEventTypes.WorkOrderClosed"/> closes this one.</summary>
    public string? WorkOrderId { get; init; }
}

/// <summary>Event types central acts on when it stores them.</summary>
public static class LineEventTypes
{
    /// <summary>A unit was commissioned on the line: the unit moves to <see cref="SerialState.Commissioned"/>.</summary>
    public const string Commissioned = "Commissioned";

    /// <summary>A unit's label was rejected before commissioning: the serial moves to <see cref="SerialState.LabelScrapped"/>.</summary>
    public const string Rejected = "Rejected";

    /// <summary>A unit or container was decommissioned (reason: sampled, destroyed, or anything else for inactive).</summary>
    public const string Decommissioned = "Decommissioned";

    /// <summary>A label was printed again; when reissued, the old serial is decommissioned and the new one takes its place.</summary>
    public const string LabelReprinted = "LabelReprinted";

    /// <summary>Children (units, cases) were packed into a parent container (SSCC).</summary>
    public const string Aggregated = "Aggregated";

    /// <summary>Children were taken out of a parent container; no children: the whole parent was emptied.</summary>
    public const string Disaggregated = "Disaggregated";

    /// <summary>The line closed a work order (<see cref="LineEvent.WorkOrderId"/>): central marks it <see cref="WorkOrderState.Closed"/>.</summary>
    public const string WorkOrderClosed = "WorkOrderClosed";
}

/// <summary>What central did with one event of a batch.</summary>
public enum AppendOutcome
{
    /// <summary>Stored now.</summary>
    Stored,

    /// <summary>The same event was stored before (or earlier in the same batch); acknowledged, not stored again.</summary>
    Duplicate,
}

/// <summary>The answer to one batch of events.</summary>
/// <param name="Outcomes">One per event, in the order of the batch.</param>
/// <param name="Watermark">The line's highest contiguous sequence stored after the batch (0 when sequence 1 is missing).</param>
public sealed record AppendResult(IReadOnlyList<AppendOutcome> Outcomes, long Watermark);

/// <summary>A closed range of sequences, <paramref name="First"/> to <paramref name="Last"/> inclusive.</summary>
public readonly record struct SequenceRange(long First, long Last);

/// <summary>How far central has a line's events.</summary>
/// <param name="LineId">The line.</param>
/// <param name="Watermark">The highest contiguous sequence stored: every sequence from 1 to it is stored.</param>
/// <param name="HighestSeen">The highest sequence stored.</param>
/// <param name="Gaps">The missing ranges between the watermark and the highest sequence seen, ascending.</param>
public sealed record LineProgress(string LineId, long Watermark, long HighestSeen, IReadOnlyList<SequenceRange> Gaps);

/// <summary>The answer to a serial block request.</summary>
/// <param name="Allocated">The serials now allocated to the line, in request order.</param>
/// <param name="Taken">The serials refused because they were allocated before (or repeated in the request).</param>
public sealed record SerialAllocation(IReadOnlyList<string> Allocated, IReadOnlyList<string> Taken);

/// <summary>A unit as central knows it.</summary>
public sealed record UnitRecord(
    string Gtin, string Serial, string LineId, SerialState State, DateTimeOffset AllocatedAt, DateTimeOffset? CommissionedAt);

/// <summary>
/// An event id came back with different content, or a line reused a sequence for another event id. The batch that
/// carried it was refused as a whole.
/// </summary>
public sealed class ConflictingEventException : Exception
{
    public ConflictingEventException()
    {
    }

    public ConflictingEventException(string message)
        : base(message)
    {
    }

    public ConflictingEventException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ConflictingEventException(Guid eventId, string message)
        : base(message) => EventId = eventId;

    /// <summary>The event id of the batch that conflicts.</summary>
    public Guid EventId { get; }
}
