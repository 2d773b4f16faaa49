using System.Globalization;
using System.Text;

namespace Traceability.Plant;

/// <summary>What a plant run produced; printed and optionally written as JSON.</summary>
internal sealed record PlantSummary(
    string WorkOrderId,
    long Units,
    long Verified,
    long Rejected,
    IReadOnlyDictionary<string, int> RejectsByReason,
    long Packed,
    int Cases,
    int Pallets,
    long LineEvents,
    long EventsAtCentral,
    bool Reconciled,
    double Seconds,
    double UnitsPerMinute,
    string DataDirectory)
{
    /// <summary>The reconciliation's buckets as the line recounted them from its units at close.</summary>
    public required PlantCounts Counts { get; init; }

    /// <summary>What central holds of the line's units, compared with the line's own record.</summary>
    public required CentralCheck Central { get; init; }

    /// <summary>The pipeline's counters: triggers, units refused without a serial, late verdicts, reader noise.</summary>
    public required Traceability.LineAgent.Pipeline.PipelineCounters Pipeline { get; init; }

    /// <summary>Serials on more than one unit on the line (must be 0).</summary>
    public required long SerialsUsedTwice { get; init; }

    /// <summary>Every check holds: reconciled, nothing lost or doubled between the line and central.</summary>
    public bool Exact => Reconciled && SerialsUsedTwice == 0 && EventsAtCentral == LineEvents && Central.Exact;

    public string ToText()
    {
        var text = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        text.AppendLine(c, $"Work order {WorkOrderId}: {(Reconciled ? "closed, reconciled" : "NOT reconciled")}");
        text.AppendLine(c, $"  units      {Units} ({Verified} verified, {Rejected} rejected)");
        foreach (var (reason, count) in RejectsByReason.OrderByDescending(r => r.Value))
        {
            text.AppendLine(c, $"    reject   {count} {reason}");
        }

        text.AppendLine(c, $"  cases      {Cases} ({Packed} units packed)");
        text.AppendLine(c, $"  pallets    {Pallets}");
        text.AppendLine(c, $"  events     {EventsAtCentral} at central of {LineEvents} from the line");
        text.AppendLine(c, $"  check      issued {Counts.Issued} = printed {Counts.Printed} + unused {Counts.Unused}; printed = verified {Counts.Verified} + rejected {Counts.Rejected} (awaiting {Counts.AwaitingVerdict}); verified = packed {Counts.Packed} + samples {Counts.Samples} + decommissioned {Counts.Decommissioned} + loose {Counts.Loose}");
        text.AppendLine(c, $"  central    {Central.Commissioned} commissioned, {Central.Rejected} rejected, {Central.UnitsWithTwoVerdicts} units with two verdicts, {Central.MissingAtCentral} line units missing, {Central.UnknownToLine} unknown to the line");
        text.AppendLine(c, $"  pipeline   {Pipeline.Triggers} triggers, {Pipeline.RejectedWithoutSerial} refused without a serial, {Pipeline.LateVerdicts} late verdicts, {Pipeline.Misreads} misreads, {Pipeline.RepeatedReads} repeated reads; {SerialsUsedTwice} serials used twice");
        text.AppendLine(c, $"  result     {(Exact ? "exact: nothing lost or doubled" : "NOT EXACT")}");
        text.AppendLine(c, $"  rate       {UnitsPerMinute:F0} units/min over {Seconds:F1} s");
        text.Append(c, $"  data       {DataDirectory}");
        return text.ToString();
    }
}

/// <summary>The work order's reconciliation at close.</summary>
internal sealed record PlantCounts(long Issued, long Unused, long Printed, long AwaitingVerdict, long Verified, long Rejected, long Packed, long Samples, long Decommissioned, long Loose);

/// <summary>Central's view of the line's units, from its events table.</summary>
/// <param name="Commissioned">Distinct units with a Commissioned event.</param>
/// <param name="Rejected">Distinct units with a Rejected event.</param>
/// <param name="UnitsWithTwoVerdicts">Units with more than one Commissioned/Rejected event (must be 0).</param>
/// <param name="MissingAtCentral">Units with a verdict on the line that central has no verdict for (must be 0).</param>
/// <param name="UnknownToLine">Units central has a verdict for that the line holds none for (must be 0).</param>
/// <param name="VerdictsDiffer">Units whose verdict at central is not the line's (must be 0).</param>
internal sealed record CentralCheck(long Commissioned, long Rejected, long UnitsWithTwoVerdicts, long MissingAtCentral, long UnknownToLine, long VerdictsDiffer)
{
    public bool Exact => UnitsWithTwoVerdicts == 0 && MissingAtCentral == 0 && UnknownToLine == 0 && VerdictsDiffer == 0;
}
