using System.Globalization;
using Traceability.Core.Gs1;
using Traceability.LineAgent.Storage;

namespace Traceability.LineAgent.Host.Api;

/// <summary>A work order as the API lists it.</summary>
public sealed record WorkOrderSummary(
    string Id, string Gtin, string Lot, string? Expiry, long Quantity, int UnitsPerCase, int CasesPerPallet, string State,
    WorkOrderCounts Counts, bool Balanced);

/// <summary>A work order's reconciliation counts (docs/line-store.md).</summary>
public sealed record WorkOrderCounts(
    long Issued, long Unused, long Printed, long AwaitingVerdict, long Verified, long Rejected, long Packed, long Samples,
    long Decommissioned, long Loose);

/// <summary>One work order with its reconciliation, containers and whether the line runs it now.</summary>
public sealed record WorkOrderDetail(
    WorkOrderSummary WorkOrder, WorkOrderReconciliation Reconciliation, long Cases, long Pallets, IReadOnlyList<string> OpenContainers,
    string? Pipeline);

/// <summary>The three equations, each with its numbers and whether it holds; the stored counts against a recount from the units.</summary>
public sealed record WorkOrderReconciliation(bool Balanced, IReadOnlyList<WorkOrderEquation> Equations, bool StoredEqualsRecount);

/// <summary>One reconciliation equation.</summary>
public sealed record WorkOrderEquation(string Equation, bool Holds);

internal static class WorkOrderViews
{
    public static WorkOrderSummary Summary(WorkOrderRecord o) => new(
        o.Id, o.Spec.Gtin.Value, o.Spec.Lot, IsoExpiry(o.Spec.Expiry), o.Spec.Quantity, o.Spec.UnitsPerCase, o.Spec.CasesPerPallet,
        o.State.ToString(), Counts(o.Counts), o.Counts.IsBalanced);

    public static WorkOrderCounts Counts(Reconciliation c) => new(
        c.Issued, c.Unused, c.Printed, c.AwaitingVerdict, c.Verified, c.Rejected, c.Packed, c.Samples, c.Decommissioned, c.Loose);

    public static WorkOrderReconciliation Reconcile(Reconciliation c, Reconciliation recount) => new(
        c.IsBalanced,
        [
            new($"issued {c.Issued} = printed {c.Printed} + unused {c.Unused}", c.Issued == c.Printed + c.Unused),
            new($"printed {c.Printed} = verified {c.Verified} + rejected {c.Rejected} + awaiting verdict {c.AwaitingVerdict}",
                c.Printed == c.Verified + c.Rejected + c.AwaitingVerdict),
            new($"verified {c.Verified} = packed {c.Packed} + samples {c.Samples} + decommissioned {c.Decommissioned} + loose {c.Loose}",
                c.Verified == c.Packed + c.Samples + c.Decommissioned + c.Loose),
        ],
        c == recount);

    /// <summary>AI (17)'s YYMMDD as an ISO date (day 00: the last day of the month); null when the order has no expiry.</summary>
    public static string? IsoExpiry(string yymmdd) =>
        yymmdd.Length == 0 ? null
        : Gs1Date.TryParseYymmdd(yymmdd, DateTime.UtcNow.Year, out var date, out _) ? date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
        : yymmdd;
}
