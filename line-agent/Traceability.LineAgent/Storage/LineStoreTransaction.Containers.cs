using LiteDB;
using Traceability.Contracts.Line.V1;
using Traceability.Core.Gs1;
using Traceability.Core.Lifecycle;

namespace Traceability.LineAgent.Storage;

public sealed partial class LineStoreTransaction
{
    // Container documents read or changed in this transaction, by SSCC; the changed ones are written back once, at the
    // end of the group or before a query over containers (a case packs one unit per pack: written per unit, the
    // case's document was rewritten as often as the units' own).
    private readonly Dictionary<string, BsonDocument> _containers = new(StringComparer.Ordinal);
    private readonly HashSet<string> _dirtyContainers = new(StringComparer.Ordinal);

    // Open keys this transaction asked LiteDB about, with the answer (the container's SSCC, or null when none).
    private readonly Dictionary<string, string?> _openQueried = new(StringComparer.Ordinal);

    /// <summary>Opens an empty case or pallet for a Running work order, under its SSCC.</summary>
    /// <exception cref="InvalidOperationException">The SSCC is already used, or the work order is not Running.</exception>
    public ContainerRecord OpenContainer(ContainerKind kind, Sscc sscc, string workOrderId) => Step(() =>
    {
        RequireSscc(sscc);
        var order = RequireWorkOrder(workOrderId);
        if (order.State != WorkOrderState.Running)
        {
            throw new InvalidOperationException($"Work order '{workOrderId}' is {order.State}: containers are opened only while it runs.");
        }

        if (_containers.TryGetValue(sscc.Value, out var used) || _committed.Containers.TryGetValue(sscc.Value, out used))
        {
            throw SsccUsed(sscc, used);
        }

        // A new SSCC is not looked up first (a query per case): the file's unique key refuses one already used.
        var doc = StoreDocuments.NewContainer(sscc, kind, workOrderId);
        try
        {
            _collections.Containers.Insert(doc);
        }
        catch (LiteException e) when (e.ErrorCode == LiteException.INDEX_DUPLICATE_KEY)
        {
            // LiteDB rolled the transaction back; the change fails as a whole, with the container that has the SSCC.
            throw _collections.Containers.FindById(sscc.Value) is { } found ? SsccUsed(sscc, found) : new InvalidOperationException($"SSCC {sscc} is already used.", e);
        }

        _containers[sscc.Value] = doc;
        return StoreDocuments.ToContainer(doc);
    });

    private static InvalidOperationException SsccUsed(Sscc sscc, BsonDocument used) =>
        new($"SSCC {sscc} is already used by a {StoreDocuments.Kind(used)} of work order '{used["wo"].AsString}'; an SSCC identifies one container only.");

    /// <summary>Packs a verified, loose unit into an open case of its own work order.</summary>
    /// <exception cref="InvalidOperationException">The unit is not Commissioned or already packed, the case is closed, full, a pallet, or of another order.</exception>
    public ContainerRecord PackUnit(UnitKey unit, Sscc caseSscc) => Step(() =>
    {
        var doc = RequireUnit(unit);
        var workOrderId = doc["wo"].AsString;
        var state = StoreDocuments.State(doc);
        if (state != SerialState.Commissioned)
        {
            throw new InvalidOperationException($"Unit {unit} is {state}: only a verified (Commissioned) unit is packed.");
        }

        if (StoreDocuments.InCase(doc))
        {
            throw new InvalidOperationException($"Unit {unit} is already in case {doc["c"].AsString}.");
        }

        var container = RequireOpen(caseSscc, ContainerKind.Case, workOrderId);
        var capacity = RequireWorkOrder(workOrderId).Spec.UnitsPerCase;
        var children = container["ch"].AsArray;
        if (children.Count >= capacity)
        {
            throw new InvalidOperationException($"Case {caseSscc} is full: it holds {children.Count} of {capacity} units; close it and open the next.");
        }

        children.Add(unit.Id);
        WriteContainer(container);
        doc["c"] = caseSscc.Value;
        doc.Remove(StoreDocuments.ReworkField);
        Changed(doc);
        Count(workOrderId, Reconciliation.Of(state, inCase: true) - Reconciliation.Of(state, inCase: false));
        return StoreDocuments.ToContainer(container);
    });

    /// <summary>Puts a closed case on an open pallet of the same work order.</summary>
    /// <exception cref="InvalidOperationException">The case is open or on a pallet already, or the pallet is closed, full, or of another order.</exception>
    public ContainerRecord PackCase(Sscc caseSscc, Sscc palletSscc) => Step(() =>
    {
        var caseDoc = ContainerDocument(caseSscc.Value) ?? throw new KeyNotFoundException($"Case {caseSscc} is not on this line.");
        if (StoreDocuments.Kind(caseDoc) != ContainerKind.Case)
        {
            throw new InvalidOperationException($"{caseSscc} is a {StoreDocuments.Kind(caseDoc)}, not a case.");
        }

        if (StoreDocuments.ContainerStateOf(caseDoc) != ContainerState.Closed)
        {
            throw new InvalidOperationException($"Case {caseSscc} is still open: close it (its aggregation event) before putting it on a pallet.");
        }

        if (!caseDoc["p"].IsNull)
        {
            throw new InvalidOperationException($"Case {caseSscc} is already on pallet {caseDoc["p"].AsString}.");
        }

        var workOrderId = caseDoc["wo"].AsString;
        var pallet = RequireOpen(palletSscc, ContainerKind.Pallet, workOrderId);
        var capacity = RequireWorkOrder(workOrderId).Spec.CasesPerPallet;
        var children = pallet["ch"].AsArray;
        if (children.Count >= capacity)
        {
            throw new InvalidOperationException($"Pallet {palletSscc} is full: it holds {children.Count} of {capacity} cases; close it and open the next.");
        }

        children.Add(caseSscc.Value);
        WriteContainer(pallet);
        caseDoc["p"] = palletSscc.Value;
        WriteContainer(caseDoc);
        return StoreDocuments.ToContainer(pallet);
    });

    /// <summary>Closes an open case or pallet and writes its <see cref="Aggregated"/> event (parent and children).</summary>
    /// <exception cref="InvalidOperationException">The container is closed already or empty.</exception>
    public ContainerRecord CloseContainer(Sscc sscc) => Step(() =>
    {
        var doc = ContainerDocument(sscc.Value) ?? throw new KeyNotFoundException($"Container {sscc} is not on this line.");
        var kind = StoreDocuments.Kind(doc);
        if (StoreDocuments.ContainerStateOf(doc) != ContainerState.Open)
        {
            throw new InvalidOperationException($"{kind} {sscc} is already closed.");
        }

        var children = doc["ch"].AsArray;
        if (children.Count == 0)
        {
            throw new InvalidOperationException($"{kind} {sscc} is empty: there is nothing to aggregate.");
        }

        doc["st"] = (int)ContainerState.Closed;
        doc["open"] = BsonValue.Null;
        WriteContainer(doc);
        var aggregated = new Aggregated { ParentSscc = sscc.Value };
        aggregated.Children.AddRange(children.Select(c => kind == ContainerKind.Case ? ToItem(UnitKey.FromId(c.AsString)) : ToItem(c.AsString)));
        AddEvent(doc["wo"].AsString, new LineEvent { Aggregated = aggregated });
        return StoreDocuments.ToContainer(doc);
    });

    /// <summary>
    /// Empties a closed case or pallet (manual): its children become loose, it opens again for rework (refilled by
    /// <see cref="ReaggregateCase"/>, never by the line), and a
    /// <see cref="Disaggregated"/> event and an audit record are written. A case on a pallet leaves the pallet, which
    /// must be open.
    /// </summary>
    /// <exception cref="InvalidOperationException">The container is open, or sits on a closed pallet.</exception>
    public ContainerRecord Disaggregate(Sscc sscc, OperatorAction action) => Step(() =>
    {
        ArgumentNullException.ThrowIfNull(action);
        action.Validate();
        var doc = ContainerDocument(sscc.Value) ?? throw new KeyNotFoundException($"Container {sscc} is not on this line.");
        var kind = StoreDocuments.Kind(doc);
        if (StoreDocuments.ContainerStateOf(doc) != ContainerState.Closed)
        {
            throw new InvalidOperationException($"{kind} {sscc} is open: take children out of an open container by decommissioning them, not by disaggregation.");
        }

        var workOrderId = doc["wo"].AsString;
        if (!doc["p"].IsNull)
        {
            var pallet = ContainerDocument(doc["p"].AsString);
            if (pallet is null || StoreDocuments.ContainerStateOf(pallet) != ContainerState.Open)
            {
                throw new InvalidOperationException($"Case {sscc} is on closed pallet {doc["p"].AsString}; disaggregate the pallet first.");
            }

            RemoveChild(pallet, sscc.Value);
            doc["p"] = BsonValue.Null;
        }

        foreach (var child in doc["ch"].AsArray)
        {
            if (kind == ContainerKind.Case)
            {
                var unit = Serial(child.AsString)!;
                var state = StoreDocuments.State(unit);
                unit["c"] = BsonValue.Null;
                // Loose for rework: re-aggregated by hand (or decommissioned), never packed by the line on a restart.
                unit[StoreDocuments.ReworkField] = sscc.Value;
                Changed(unit);
                Count(workOrderId, Reconciliation.Of(state, inCase: false) - Reconciliation.Of(state, inCase: true));
            }
            else
            {
                var caseDoc = ContainerDocument(child.AsString) ?? throw new InvalidOperationException($"Pallet {sscc} names case {child.AsString}, which is not on this line: the store file is damaged.");
                caseDoc["p"] = BsonValue.Null;
                WriteContainer(caseDoc);
            }
        }

        doc["ch"] = new BsonArray();
        doc["st"] = (int)ContainerState.Open;
        // Reopened for rework: the line does not fill it (it is not "the open case"); ReaggregateCase refills it.
        doc["open"] = StoreDocuments.ReworkKey(workOrderId, kind);
        WriteContainer(doc);
        AddEvent(workOrderId, new LineEvent
        {
            Disaggregated = new Disaggregated { ParentSscc = sscc.Value, Reason = action.Reason, OperatorId = action.OperatorId },
        });
        AppendAudit(action, kind == ContainerKind.Case ? "case.disaggregate" : "pallet.disaggregate", sscc.Value);
        return StoreDocuments.ToContainer(doc);
    });

    /// <summary>A case or pallet as this transaction sees it; null when unknown.</summary>
    public ContainerRecord? FindContainer(Sscc sscc) => Step(() => ContainerDocument(sscc.Value) is { } doc ? StoreDocuments.ToContainer(doc) : null);

    /// <summary>The work order's open case or pallet, if any (the line fills one of each at a time).</summary>
    public ContainerRecord? FindOpenContainer(string workOrderId, ContainerKind kind) => Step(() =>
        OpenContainerDocument(workOrderId, kind) is { } doc ? StoreDocuments.ToContainer(doc) : null);

    /// <summary>
    /// The line's open case or pallet of the work order: one this transaction opened or changed, else the committed one
    /// the committer knows (<see cref="CommittedRecords.OpenContainers"/>), else LiteDB's answer by the open key.
    /// </summary>
    private BsonDocument? OpenContainerDocument(string workOrderId, ContainerKind kind)
    {
        var key = StoreDocuments.OpenKey(workOrderId, kind);
        foreach (var doc in _containers.Values)
        {
            if (doc["open"].IsString && string.Equals(doc["open"].AsString, key, StringComparison.Ordinal))
            {
                return doc;
            }
        }

        if (_openQueried.TryGetValue(key, out var sscc) || _committed.OpenContainers.TryGetValue(key, out sscc))
        {
            // The container known to be open under the key, unless this transaction changed it (then none is: one it
            // opened would have been found above).
            return sscc is not null && ContainerDocument(sscc) is { } known && known["open"].IsString
                && string.Equals(known["open"].AsString, key, StringComparison.Ordinal) ? known : null;
        }

        WriteBackContainers();
        var found = StoreQueries.FindOpenContainerDocument(_collections, workOrderId, kind);
        if (found is null)
        {
            _openQueried[key] = null;
            return null;
        }

        var id = found["_id"].AsString;
        _openQueried[key] = id;
        if (_containers.TryGetValue(id, out var kept) || _committed.Containers.TryGetValue(id, out kept))
        {
            found = kept;
        }

        _containers[id] = found;
        return found;
    }

    private BsonDocument RequireOpen(Sscc sscc, ContainerKind kind, string workOrderId)
    {
        var doc = ContainerDocument(sscc.Value) ?? throw new KeyNotFoundException($"{kind} {sscc} is not on this line.");
        var actual = StoreDocuments.Kind(doc);
        if (actual != kind)
        {
            throw new InvalidOperationException($"{sscc} is a {actual}, not a {kind}.");
        }

        if (StoreDocuments.ContainerStateOf(doc) != ContainerState.Open)
        {
            throw new InvalidOperationException($"{kind} {sscc} is closed; open a new one.");
        }

        if (doc["wo"].AsString != workOrderId)
        {
            throw new InvalidOperationException($"{kind} {sscc} belongs to work order '{doc["wo"].AsString}', not '{workOrderId}'.");
        }

        return doc;
    }

    private void RemoveChild(BsonDocument container, string childId)
    {
        var children = container["ch"].AsArray;
        var index = children.IndexOf(childId);
        if (index >= 0)
        {
            children.RemoveAt(index);
            WriteContainer(container);
        }
    }

    /// <summary>
    /// A container document as this transaction last wrote or read it (a case takes one unit per pack: its document is
    /// read once per transaction, not once per unit). Every change goes through <see cref="WriteContainer"/>; LiteDB's
    /// copy may be older until <see cref="WriteBackContainers"/>. A refused step fails the whole change and its transaction.
    /// </summary>
    private BsonDocument? ContainerDocument(string sscc)
    {
        if (_containers.TryGetValue(sscc, out var kept))
        {
            return kept;
        }

        if (_committed.Containers.TryGetValue(sscc, out var committed))
        {
            _containers[sscc] = committed;
            return committed;
        }

        var doc = _collections.Containers.FindById(sscc);
        if (doc is not null)
        {
            _containers[sscc] = doc;
        }

        return doc;
    }

    /// <summary>Keeps a changed container document; it reaches LiteDB at <see cref="WriteBackContainers"/>.</summary>
    private void WriteContainer(BsonDocument container)
    {
        var id = container["_id"].AsString;
        _containers[id] = container;
        _dirtyContainers.Add(id);
    }

    /// <summary>Writes changed container documents to LiteDB, so that indexed queries see them.</summary>
    private void WriteBackContainers()
    {
        foreach (var id in _dirtyContainers)
        {
            _collections.Containers.Update(_containers[id]);
        }

        _dirtyContainers.Clear();
    }

    private static void RequireSscc(Sscc sscc)
    {
        if (sscc.Value is null)
        {
            throw new ArgumentException("The SSCC is the default value; parse one with Sscc.Parse.", nameof(sscc));
        }
    }
}
