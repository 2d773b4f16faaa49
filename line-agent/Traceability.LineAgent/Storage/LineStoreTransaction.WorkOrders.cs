using LiteDB;
using Traceability.Contracts.Line.V1;

namespace Traceability.LineAgent.Storage;

public sealed partial class LineStoreTransaction
{
    /// <summary>
    /// Stores a work order central planned for this line (state Planned). Receiving the same order again changes
    /// nothing; a changed order replaces a Planned one and is refused once it has started.
    /// </summary>
    /// <returns>True when the order is new or was updated.</returns>
    /// <exception cref="ArgumentException">The spec is invalid (the message names the field).</exception>
    /// <exception cref="InvalidOperationException">The order already started and central sent different values.</exception>
    public bool ReceiveWorkOrder(WorkOrderSpec spec) => Step(() =>
    {
        ArgumentNullException.ThrowIfNull(spec);
        spec.Validate();
        var existing = FindWorkOrderDocument(spec.Id);
        if (existing is not null)
        {
            if (existing.Spec == spec)
            {
                return false;
            }

            if (existing.State != WorkOrderState.Planned)
            {
                throw new InvalidOperationException(
                    $"Work order '{spec.Id}' is {existing.State} on this line; central sent it again with different values ({existing.Spec} → {spec}). A started order is not changed.");
            }

            existing.Spec = spec;
            _dirtyWorkOrders.Add(spec.Id);
            return true;
        }

        _workOrders[spec.Id] = new WorkOrderDocument(spec, WorkOrderState.Planned, default);
        _dirtyWorkOrders.Add(spec.Id);
        return true;
    });

    /// <summary>
    /// Creates a work order on the line itself (an engineer, when central cannot plan it): stored Planned, with an
    /// audit record of who created it and why.
    /// </summary>
    /// <exception cref="ArgumentException">The spec is invalid (the message names the field).</exception>
    /// <exception cref="InvalidOperationException">A work order with this id is already on the line.</exception>
    public WorkOrderRecord CreateWorkOrder(WorkOrderSpec spec, OperatorAction action) => Step(() =>
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(action);
        spec.Validate();
        action.Validate();
        if (FindWorkOrderDocument(spec.Id) is { } existing)
        {
            throw new InvalidOperationException($"Work order '{spec.Id}' is already on this line ({existing.State}).");
        }

        var order = new WorkOrderDocument(spec, WorkOrderState.Planned, default);
        _workOrders[spec.Id] = order;
        _dirtyWorkOrders.Add(spec.Id);
        AppendAudit(action, "workorder.create", spec.Id);
        return order.ToRecord();
    });

    /// <summary>Starts a Planned work order or resumes a Paused one. Only one order runs on a line at a time.</summary>
    /// <exception cref="InvalidOperationException">Another order is running, or this one is Closed or already Running.</exception>
    public WorkOrderRecord StartWorkOrder(string workOrderId, OperatorAction action) => Step(() =>
    {
        ArgumentNullException.ThrowIfNull(action);
        action.Validate();
        var order = RequireWorkOrder(workOrderId);
        if (order.State is not (WorkOrderState.Planned or WorkOrderState.Paused))
        {
            throw new InvalidOperationException($"Work order '{workOrderId}' is {order.State}; only a Planned or Paused order can start.");
        }

        // Running orders as this transaction sees them: written ones, and ones started or paused earlier in the group.
        var other = _collections.WorkOrders.Find(Where.Equal("st", (int)WorkOrderState.Running))
            .Select(d => d["_id"].AsString)
            .Concat(_workOrders.Keys)
            .Distinct(StringComparer.Ordinal)
            .FirstOrDefault(id => id != workOrderId && FindWorkOrderDocument(id)!.State == WorkOrderState.Running);
        if (other is not null)
        {
            throw new InvalidOperationException($"Work order '{other}' is running on this line; pause or close it before starting '{workOrderId}'.");
        }

        var verb = order.State == WorkOrderState.Planned ? "workorder.start" : "workorder.resume";
        order.State = WorkOrderState.Running;
        _dirtyWorkOrders.Add(workOrderId);
        AppendAudit(action, verb, workOrderId);
        return order.ToRecord();
    });

    /// <summary>Pauses a Running work order: no serials are taken for it until it starts again.</summary>
    /// <exception cref="InvalidOperationException">The order is not Running.</exception>
    public WorkOrderRecord PauseWorkOrder(string workOrderId, OperatorAction action) => Step(() =>
    {
        ArgumentNullException.ThrowIfNull(action);
        action.Validate();
        var order = RequireWorkOrder(workOrderId);
        if (order.State != WorkOrderState.Running)
        {
            throw new InvalidOperationException($"Work order '{workOrderId}' is {order.State}; only a Running order can pause.");
        }

        order.State = WorkOrderState.Paused;
        _dirtyWorkOrders.Add(workOrderId);
        AppendAudit(action, "workorder.pause", workOrderId);
        return order.ToRecord();
    });

    /// <summary>
    /// Closes a Running or Paused work order and writes its <see cref="WorkOrderClosed"/> event with the counts
    /// recounted from the units themselves.
    /// </summary>
    /// <exception cref="InvalidOperationException">Units still await a verdict, a case or pallet is open, or the order is not Running or Paused.</exception>
    public WorkOrderRecord CloseWorkOrder(string workOrderId, OperatorAction action) => Step(() =>
    {
        ArgumentNullException.ThrowIfNull(action);
        action.Validate();
        var order = RequireWorkOrder(workOrderId);
        if (order.State is not (WorkOrderState.Running or WorkOrderState.Paused))
        {
            throw new InvalidOperationException($"Work order '{workOrderId}' is {order.State}; only a Running or Paused order can close.");
        }

        if (order.Counts.Unused + order.Counts.AwaitingVerdict > 0)
        {
            throw new InvalidOperationException(
                $"Work order '{workOrderId}': {order.Counts.Unused + order.Counts.AwaitingVerdict} units still await a verdict; reject them (RejectUnitsAwaitingVerdict) before closing.");
        }

        WriteBackContainers();
        var open = _collections.Containers.Find(Where.Equal("wo", workOrderId))
            .Where(c => StoreDocuments.ContainerStateOf(c) == ContainerState.Open)
            .Select(c => $"{StoreDocuments.Kind(c)} {c["_id"].AsString}")
            .ToList();
        if (open.Count > 0)
        {
            throw new InvalidOperationException($"Work order '{workOrderId}': {string.Join(", ", open)} still open; close or empty them before closing the order.");
        }

        WriteBackSerialsForQuery();
        var counts = StoreQueries.CountFromData(_collections, workOrderId);
        if (counts != order.Counts)
        {
            DriftedCounts = (workOrderId, order.Counts, counts);
            order.Counts = counts;
        }

        order.State = WorkOrderState.Closed;
        _dirtyWorkOrders.Add(workOrderId);
        AddEvent(workOrderId, new LineEvent
        {
            WorkOrderClosed = new WorkOrderClosed
            {
                Issued = counts.Issued,
                Printed = counts.Printed,
                Unused = counts.Unused,
                Verified = counts.Verified,
                Rejected = counts.Rejected,
                Packed = counts.Packed,
                Samples = counts.Samples,
                Decommissioned = counts.Decommissioned,
            },
        });
        AppendAudit(action, "workorder.close", workOrderId);
        return order.ToRecord();
    });

    /// <summary>A work order as this transaction sees it; null when unknown.</summary>
    public WorkOrderRecord? FindWorkOrder(string workOrderId) => Step(() => FindWorkOrderDocument(workOrderId)?.ToRecord());

    /// <summary>Set when closing found stored counts that differ from the units (a bug); the store logs it after commit.</summary>
    internal (string WorkOrderId, Reconciliation Stored, Reconciliation Counted)? DriftedCounts { get; private set; }

    private WorkOrderDocument? FindWorkOrderDocument(string workOrderId)
    {
        ArgumentNullException.ThrowIfNull(workOrderId);
        if (_workOrders.TryGetValue(workOrderId, out var cached))
        {
            return cached;
        }

        if (_committed.WorkOrders.TryGetValue(workOrderId, out var kept))
        {
            _workOrders[workOrderId] = kept;
            return kept;
        }

        var doc = _collections.WorkOrders.FindById(workOrderId);
        if (doc is null)
        {
            return null;
        }

        var order = WorkOrderDocument.FromBson(doc);
        _workOrders[workOrderId] = order;
        return order;
    }

    private WorkOrderDocument RequireWorkOrder(string workOrderId) =>
        FindWorkOrderDocument(workOrderId) ?? throw new KeyNotFoundException($"Work order '{workOrderId}' is not on this line.");

    private void Count(string workOrderId, Reconciliation delta)
    {
        var order = RequireWorkOrder(workOrderId);
        order.Counts += delta;
        _dirtyWorkOrders.Add(workOrderId);
    }
}
