using Traceability.LineAgent.Storage;

namespace Traceability.LineAgent.Pipeline;

/// <summary>A unit whose label is on its way to the reader.</summary>
/// <param name="Key">GTIN + serial.</param>
/// <param name="Sequence">The PLC's unit sequence n: the verdict's key.</param>
/// <param name="Content">The label's GS1 data in bracketed form: the only thing a read is matched by.</param>
/// <param name="DigitalSignature">The (8030) value printed, recorded with the commissioning.</param>
/// <param name="Link">The Digital Link the label encodes (empty for plain GS1 data): a read must carry it exactly.</param>
/// <param name="TriggeredAt">When the agent learned of the unit.</param>
/// <param name="ReadBy">Without a matching read by then, the unit is rejected "no-read".</param>
/// <param name="Deadline">When the PLC rejects the unit on its own (fail safe).</param>
internal sealed record OutstandingUnit(
    UnitKey Key, long Sequence, string Content, string DigitalSignature, string Link, DateTimeOffset TriggeredAt, DateTimeOffset ReadBy, DateTimeOffset Deadline)
{
    private long _ticksBeforePrint;

    /// <summary>The agent's own time from the trigger to the label handed to the printer (<see cref="PipelineMetrics"/>), in timestamp ticks.</summary>
    public long TicksBeforePrint
    {
        get => Volatile.Read(ref _ticksBeforePrint);
        set => Volatile.Write(ref _ticksBeforePrint, value);
    }
}
