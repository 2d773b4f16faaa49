using System.Globalization;
using System.Text;
using Traceability.Core.Gs1;
using Traceability.LineAgent.Storage;

namespace Traceability.LineAgent.Host.Api;

/// <summary>
/// A work order's report as CSV (RFC 4180, UTF-8, CRLF): one row per serial taken for the order, in PLC sequence
/// order, then an empty line and the summary as <c>summary,value</c> rows (the order and its reconciliation).
/// The columns are documented in line-agent/Traceability.LineAgent.Host/README.md.
/// </summary>
internal static class WorkOrderCsvReport
{
    public static readonly string[] UnitColumns =
        ["gtin", "serial", "state", "printedAt", "verifiedAt", "rejectReason", "caseSscc", "palletSscc", "reprintCount"];

    public static string Write(WorkOrderRecord order, IReadOnlyList<UnitRecord> units, IReadOnlyList<ContainerRecord> containers)
    {
        var pallets = containers.Where(c => c.ParentSscc is not null).ToDictionary(c => c.Sscc, c => c.ParentSscc!.Value);
        var csv = new StringBuilder();
        Row(csv, UnitColumns);
        foreach (var unit in units.OrderBy(u => u.PlcSequence).ThenBy(u => u.Key.Serial.Value, StringComparer.Ordinal))
        {
            Sscc? pallet = unit.CaseSscc is { } c && pallets.TryGetValue(c, out var p) ? p : null;
            Row(csv,
            [
                unit.Key.Gtin.Value, unit.Key.Serial.Value, unit.State.ToString(), Time(unit.PrintedAt), Time(unit.VerdictAt),
                unit.RejectReason ?? "", unit.CaseSscc?.Value ?? "", pallet?.Value ?? "", unit.ReprintCount.ToString(CultureInfo.InvariantCulture),
            ]);
        }

        csv.Append("\r\n");
        Row(csv, ["summary", "value"]);
        var k = order.Counts;
        (string, string)[] summary =
        [
            ("workOrder", order.Id), ("gtin", order.Spec.Gtin.Value), ("lot", order.Spec.Lot), ("expiry", WorkOrderViews.IsoExpiry(order.Spec.Expiry) ?? ""),
            ("quantity", Number(order.Spec.Quantity)), ("state", order.State.ToString()),
            ("issued", Number(k.Issued)), ("unused", Number(k.Unused)), ("printed", Number(k.Printed)), ("awaitingVerdict", Number(k.AwaitingVerdict)),
            ("verified", Number(k.Verified)), ("rejected", Number(k.Rejected)), ("packed", Number(k.Packed)), ("samples", Number(k.Samples)),
            ("decommissioned", Number(k.Decommissioned)), ("loose", Number(k.Loose)),
            ("cases", Number(containers.Count(c => c.Kind == ContainerKind.Case))), ("pallets", Number(containers.Count(c => c.Kind == ContainerKind.Pallet))),
            ("balanced", k.IsBalanced ? "true" : "false"),
        ];
        foreach (var (name, value) in summary)
        {
            Row(csv, [name, value]);
        }

        return csv.ToString();
    }

    private static string Number(long n) => n.ToString(CultureInfo.InvariantCulture);

    private static string Time(DateTimeOffset? at) => at?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture) ?? "";

    private static void Row(StringBuilder csv, string[] fields)
    {
        for (var i = 0; i < fields.Length; i++)
        {
            if (i > 0)
            {
                csv.Append(',');
            }

            var field = fields[i];
            if (field.AsSpan().IndexOfAny(",\"\r\n") >= 0)
            {
                csv.Append('"').Append(field.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
            }
            else
            {
                csv.Append(field);
            }
        }

        csv.Append("\r\n");
    }
}
