using LiteDB;
using Traceability.Contracts.Line.V1;
using Traceability.Core.Gs1;
using Traceability.Core.Lifecycle;

namespace Traceability.LineAgent.Storage;

public sealed partial class LineStoreTransaction
{
    /// <summary>
    /// Replaces a verified unit's label under a new serial, in one transaction: the old serial is decommissioned
    /// (Inactive, the reason recorded), the next serial of the pool is bound to the same unit (same PLC sequence) and
    /// commissioned, it takes the old serial's place in its case (open or closed: the case keeps its count and
    /// order), and one <see cref="LabelReprinted"/> event (reissued, with the new item) and an audit record are
    /// written. The old unit's <see cref="UnitRecord.ReprintCount"/> counts the replacement.
    /// </summary>
    /// <remarks>
    /// The new serial is commissioned here, not printed-then-verified: central reads the reissue event as the old
    /// serial's decommissioning and the new serial's commissioning, so no <see cref="UnitCommissioned"/> follows it.
    /// Make this change durable before the new label goes to the printer (as with <see cref="TakeSerial"/>).
    /// </remarks>
    /// <exception cref="InvalidOperationException">The unit is not Commissioned, or its work order is closed.</exception>
    /// <exception cref="SerialPoolExhaustedException">No serial left for the GTIN.</exception>
    public ReissuedUnit ReissueUnit(UnitKey unit, OperatorAction action) => Step(() =>
    {
        ArgumentNullException.ThrowIfNull(action);
        action.Validate();
        var old = RequireUnit(unit);
        var state = StoreDocuments.State(old);
        if (state != SerialState.Commissioned)
        {
            throw new InvalidOperationException(
                $"Unit {unit} is {state}: only a verified (Commissioned) unit is reissued; a label without a good verdict is reprinted with its own serial.");
        }

        var workOrderId = old["wo"].AsString;
        var order = RequireWorkOrder(workOrderId);
        if (order.State is not (WorkOrderState.Running or WorkOrderState.Paused))
        {
            throw new InvalidOperationException($"Work order '{workOrderId}' is {order.State}: its counts are final, so no serial is reissued for it.");
        }

        var fresh = BindNextSerial(unit.Gtin, workOrderId, old["n"].AsInt64);
        Changed(fresh);
        Count(workOrderId, Reconciliation.Of(SerialState.Allocated, inCase: false));
        Move(fresh, SerialState.Encoded, SerialState.Commissioned);
        var freshKey = StoreDocuments.Key(fresh);
        if (StoreDocuments.InCase(old))
        {
            var caseSscc = old["c"].AsString;
            var container = ContainerDocument(caseSscc)
                ?? throw new InvalidOperationException($"Unit {unit} names case {caseSscc}, which is not on this line: the store file is damaged.");
            var children = container["ch"].AsArray;
            var index = children.IndexOf(unit.Id);
            children[index] = freshKey.Id;
            WriteContainer(container);
            // The old serial leaves the case (packed → loose, then decommissioned below); the new one enters it (loose → packed).
            old["c"] = BsonValue.Null;
            fresh["c"] = caseSscc;
            Count(workOrderId, Reconciliation.Of(SerialState.Commissioned, inCase: false) - Reconciliation.Of(SerialState.Commissioned, inCase: true));
            Count(workOrderId, Reconciliation.Of(SerialState.Commissioned, inCase: true) - Reconciliation.Of(SerialState.Commissioned, inCase: false));
        }

        Move(old, SerialState.Inactive);
        old["rp"] = old["rp"].AsInt32 + 1;
        old["ri"] = freshKey.Id;
        fresh["ro"] = unit.Id;
        AddEvent(workOrderId, new LineEvent
        {
            LabelReprinted = new LabelReprinted
            {
                Item = ToItem(unit),
                Reason = action.Reason,
                OperatorId = action.OperatorId,
                Reissued = true,
                NewItem = ToItem(freshKey),
            },
        });
        AppendAudit(action, "unit.reissue", $"{unit} → {freshKey}");
        return new ReissuedUnit(StoreDocuments.ToUnit(old), StoreDocuments.ToUnit(fresh));
    });

    /// <summary>
    /// Re-aggregation after rework: puts loose verified units into a case and closes it, with its
    /// <see cref="Aggregated"/> event (every unit in the case) and an audit record. The case is one reopened by
    /// <see cref="Disaggregate"/>, or an open case of a work order that is not running (while it runs, its open
    /// case is the line's to fill).
    /// </summary>
    /// <exception cref="ArgumentException">No units, or a unit named twice.</exception>
    /// <exception cref="KeyNotFoundException">The case or a unit is not on this line.</exception>
    /// <exception cref="InvalidOperationException">
    /// Not a case, closed, the running line's open case, full, or a unit is not verified, already packed, or of another work order.
    /// </exception>
    public ContainerRecord ReaggregateCase(Sscc caseSscc, IReadOnlyList<UnitKey> units, OperatorAction action) => Step(() =>
    {
        ArgumentNullException.ThrowIfNull(action);
        ArgumentNullException.ThrowIfNull(units);
        action.Validate();
        if (units.Count == 0)
        {
            throw new ArgumentException($"Re-aggregating case {caseSscc} needs at least one unit.", nameof(units));
        }

        if (units.GroupBy(u => u).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            throw new ArgumentException($"Unit {twice.Key} is named {twice.Count()} times.", nameof(units));
        }

        var doc = ContainerDocument(caseSscc.Value) ?? throw new KeyNotFoundException($"Case {caseSscc} is not on this line.");
        var kind = StoreDocuments.Kind(doc);
        if (kind != ContainerKind.Case)
        {
            throw new InvalidOperationException($"{caseSscc} is a {kind}: only a case is re-aggregated with units.");
        }

        if (StoreDocuments.ContainerStateOf(doc) != ContainerState.Open)
        {
            throw new InvalidOperationException($"Case {caseSscc} is closed: disaggregate it first.");
        }

        var workOrderId = doc["wo"].AsString;
        if (!StoreDocuments.InRework(doc) && RequireWorkOrder(workOrderId).State == WorkOrderState.Running)
        {
            throw new InvalidOperationException(
                $"Case {caseSscc} is the case the line is filling for running work order '{workOrderId}'; re-aggregate into a disaggregated case, or pause the order.");
        }

        foreach (var unit in units)
        {
            PackUnit(unit, caseSscc);
        }

        var closed = CloseContainer(caseSscc);
        AppendAudit(action, "case.reaggregate", $"{caseSscc.Value} ← {string.Join(", ", units)}");
        return closed;
    });
}
