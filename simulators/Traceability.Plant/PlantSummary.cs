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
        text.AppendLine(c, $"  rate       {UnitsPerMinute:F0} units/min over {Seconds:F1} s");
        text.Append(c, $"  data       {DataDirectory}");
        return text.ToString();
    }
}
