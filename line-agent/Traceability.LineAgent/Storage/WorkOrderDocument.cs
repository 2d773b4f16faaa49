using LiteDB;
using Traceability.Core.Gs1;

namespace Traceability.LineAgent.Storage;

/// <summary>A work order as a transaction holds it while it changes: read once, written once at the end of the group.</summary>
internal sealed class WorkOrderDocument(WorkOrderSpec spec, WorkOrderState state, Reconciliation counts)
{
    public WorkOrderSpec Spec { get; set; } = spec;

    public WorkOrderState State { get; set; } = state;

    public Reconciliation Counts { get; set; } = counts;

    public WorkOrderRecord ToRecord() => new(Spec, State, Counts);

    public BsonDocument ToBson() => new()
    {
        ["_id"] = Spec.Id,
        ["gtin"] = Spec.Gtin.Value,
        ["lot"] = Spec.Lot,
        ["exp"] = Spec.Expiry,
        ["qty"] = Spec.Quantity,
        ["upc"] = Spec.UnitsPerCase,
        ["cpp"] = Spec.CasesPerPallet,
        ["st"] = (int)State,
        ["issued"] = Counts.Issued,
        ["unused"] = Counts.Unused,
        ["printed"] = Counts.Printed,
        ["awaiting"] = Counts.AwaitingVerdict,
        ["verified"] = Counts.Verified,
        ["rejected"] = Counts.Rejected,
        ["packed"] = Counts.Packed,
        ["samples"] = Counts.Samples,
        ["decomm"] = Counts.Decommissioned,
        ["loose"] = Counts.Loose,
    };

    public static WorkOrderDocument FromBson(BsonDocument doc) => new(
        new WorkOrderSpec(
            doc["_id"].AsString,
            Gtin.Parse(doc["gtin"].AsString),
            doc["lot"].AsString,
            doc["exp"].AsString,
            doc["qty"].AsInt64,
            doc["upc"].AsInt32,
            doc["cpp"].AsInt32),
        (WorkOrderState)doc["st"].AsInt32,
        new Reconciliation(
            doc["issued"].AsInt64,
            doc["unused"].AsInt64,
            doc["printed"].AsInt64,
            doc["awaiting"].AsInt64,
            doc["verified"].AsInt64,
            doc["rejected"].AsInt64,
            doc["packed"].AsInt64,
            doc["samples"].AsInt64,
            doc["decomm"].AsInt64,
            doc["loose"].AsInt64));
}
