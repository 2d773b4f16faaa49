using Traceability.Core.Gs1;
using Traceability.Core.Lifecycle;

namespace Traceability.LineAgent.Storage;

/// <summary>A unit as the line store holds it: the serial it was given and where it is in its life on the line.</summary>
/// <param name="Key">GTIN + serial.</param>
/// <param name="WorkOrderId">The work order the serial was taken for.</param>
/// <param name="PlcSequence">The PLC's unit sequence number n the serial was taken for.</param>
/// <param name="State">
/// The serial's state (core lifecycle): Allocated while taken but not yet printed, Encoded once printed, then
/// Commissioned (verified), LabelScrapped (rejected), Sampled, Inactive or Destroyed.
/// </param>
/// <param name="RejectReason">Why the unit was rejected; null unless LabelScrapped.</param>
/// <param name="ReprintCount">Labels printed again for this unit.</param>
/// <param name="CaseSscc">The case the unit is packed in, if any.</param>
/// <param name="BlockId">Central's id of the serial block the serial came from.</param>
public sealed record UnitRecord(
    UnitKey Key,
    string WorkOrderId,
    long PlcSequence,
    SerialState State,
    string? RejectReason,
    int ReprintCount,
    Sscc? CaseSscc,
    string BlockId)
{
    /// <summary>When the label went to the printer; null before, or when the file predates the field.</summary>
    public DateTimeOffset? PrintedAt { get; init; }

    /// <summary>When the reader's verdict (verified or rejected) was stored; null before.</summary>
    public DateTimeOffset? VerdictAt { get; init; }
}
