using Traceability.Contracts.Line.V1;

namespace Traceability.LineAgent.Outbox;

/// <summary>One event in the line's outbox, as stored: the serialized <see cref="LineEvent"/> with its sequence and id.</summary>
/// <param name="Sequence">Per-line sequence, from 1, without gaps.</param>
/// <param name="EventId">The event's globally unique id (also inside the payload).</param>
/// <param name="WorkOrderId">The work order the event belongs to.</param>
/// <param name="Payload">The <see cref="LineEvent"/> in protobuf encoding, exactly as it goes on the wire.</param>
public sealed record OutboxEntry(long Sequence, Guid EventId, string WorkOrderId, ReadOnlyMemory<byte> Payload)
{
    /// <summary>Decodes the payload.</summary>
    public LineEvent ToEvent() => LineEvent.Parser.ParseFrom(Payload.Span);
}
