using LiteDB;
using Traceability.Contracts.Line.V1;
using Traceability.Core.Lifecycle;

namespace Traceability.LineAgent.Storage;

/// <summary>How a unit leaves the line without being shipped.</summary>
public enum DecommissionKind
{
    /// <summary>Taken out of circulation without destruction: hold, quarantine, rework (Inactive).</summary>
    Inactive = 1,

    /// <summary>Destroyed in production (Destroyed).</summary>
    Destroyed = 2,
}

public sealed partial class LineStoreTransaction
{
    /// <summary>The label went to the printer: Allocated → Encoded. The unit now awaits its verdict.</summary>
    /// <exception cref="KeyNotFoundException">No such unit on this line.</exception>
    /// <exception cref="InvalidSerialTransitionException">The unit is not Allocated.</exception>
    public UnitRecord RecordPrinted(UnitKey unit) => Step(() =>
    {
        var doc = RequireUnit(unit);
        Move(doc, SerialState.Encoded);
        return StoreDocuments.ToUnit(doc);
    });

    /// <summary>
    /// The reader verified the label: Commissioned, with a <see cref="UnitCommissioned"/> event. A unit still
    /// Allocated (its print was not recorded) is Encoded first.
    /// </summary>
    /// <param name="unit">The unit.</param>
    /// <param name="digitalSignature">The AI (8030) value printed on the label; empty when none.</param>
    /// <exception cref="InvalidSerialTransitionException">The unit already has a verdict.</exception>
    public UnitRecord RecordVerified(UnitKey unit, string digitalSignature = "") => Step(() =>
    {
        ArgumentNullException.ThrowIfNull(digitalSignature);
        var doc = RequireUnit(unit);
        var workOrderId = doc["wo"].AsString;
        var order = RequireWorkOrder(workOrderId);
        if (StoreDocuments.State(doc) == SerialState.Allocated)
        {
            Move(doc, SerialState.Encoded, SerialState.Commissioned);
        }
        else
        {
            Move(doc, SerialState.Commissioned);
        }

        AddEvent(workOrderId, new LineEvent
        {
            UnitCommissioned = new UnitCommissioned
            {
                Unit = ToUnitId(unit),
                Lot = order.Spec.Lot,
                Expiry = order.Spec.Expiry,
                Digsig = digitalSignature,
            },
        });
        return StoreDocuments.ToUnit(doc);
    });

    /// <summary>
    /// The unit was rejected (no-read, misread, bad grade, late verdict): its label is scrapped (LabelScrapped) and
    /// a <see cref="UnitRejected"/> event written. A unit still Allocated counts as printed: its label may exist.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="reason"/> is blank.</exception>
    /// <exception cref="InvalidSerialTransitionException">The unit already has a verdict.</exception>
    public UnitRecord RecordRejected(UnitKey unit, string reason) => Step(() =>
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        var doc = RequireUnit(unit);
        doc["rr"] = reason;
        if (StoreDocuments.State(doc) == SerialState.Allocated)
        {
            Move(doc, SerialState.Encoded, SerialState.LabelScrapped);
        }
        else
        {
            Move(doc, SerialState.LabelScrapped);
        }

        AddEvent(doc["wo"].AsString, new LineEvent { UnitRejected = new UnitRejected { Unit = ToUnitId(unit), Reason = reason } });
        return StoreDocuments.ToUnit(doc);
    });

    /// <summary>
    /// Rejects every unit taken or printed that has no verdict, e.g. at start-up after a crash: their labels may be
    /// on the conveyor or in the PLC's shift register, which rejects them anyway. Never puts a serial back in the pool.
    /// </summary>
    /// <remarks>
    /// Reads every unit of every work order that is not closed (a serial is taken only while its order runs, and an
    /// order closes only with no unit awaiting its verdict). No index is kept for this: an index on "awaiting a
    /// verdict" changed twice per unit (taken, decided) and cost the committer about a tenth of its time per unit, for
    /// a query made once per start.
    /// </remarks>
    /// <returns>The units rejected.</returns>
    public IReadOnlyList<UnitKey> RejectUnitsAwaitingVerdict(string reason) => Step(() =>
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        WriteBackSerialsForQuery();
        var orders = _collections.WorkOrders.FindAll().Select(d => d["_id"].AsString).Union(_workOrders.Keys, StringComparer.Ordinal).ToList();
        var waiting = orders
            .Where(id => RequireWorkOrder(id).State != WorkOrderState.Closed)
            .SelectMany(id => _collections.Serials.Find(Where.Equal("wo", id)))
            .Where(d => StoreDocuments.IsInFlight(StoreDocuments.State(d)))
            .Select(StoreDocuments.Key)
            .ToList();
        foreach (var unit in waiting)
        {
            RecordRejected(unit, reason);
        }

        return waiting;
    });

    /// <summary>
    /// Takes a verified unit out (Inactive or Destroyed) with a <see cref="UnitDecommissioned"/> event and an audit
    /// record. A unit in an open case leaves the case; a unit in a closed case must be disaggregated first.
    /// </summary>
    /// <exception cref="InvalidOperationException">The unit is in a closed case.</exception>
    /// <exception cref="InvalidSerialTransitionException">The unit is not Commissioned.</exception>
    public UnitRecord DecommissionUnit(UnitKey unit, DecommissionKind kind, OperatorAction action) => Step(() =>
    {
        ArgumentNullException.ThrowIfNull(action);
        action.Validate();
        var doc = RequireUnit(unit);
        var target = kind switch
        {
            DecommissionKind.Inactive => SerialState.Inactive,
            DecommissionKind.Destroyed => SerialState.Destroyed,
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Inactive or Destroyed."),
        };
        TakeOutOfLine(doc, target);
        AddEvent(doc["wo"].AsString, new LineEvent
        {
            UnitDecommissioned = new UnitDecommissioned { Item = ToItem(unit), Reason = action.Reason, OperatorId = action.OperatorId },
        });
        AppendAudit(action, kind == DecommissionKind.Destroyed ? "unit.destroy" : "unit.decommission", unit.ToString());
        return StoreDocuments.ToUnit(doc);
    });

    /// <summary>Takes a verified unit as a QA or retention sample (Sampled), with an event and an audit record.</summary>
    /// <exception cref="InvalidOperationException">The unit is in a closed case.</exception>
    /// <exception cref="InvalidSerialTransitionException">The unit is not Commissioned.</exception>
    public UnitRecord SampleUnit(UnitKey unit, OperatorAction action) => Step(() =>
    {
        ArgumentNullException.ThrowIfNull(action);
        action.Validate();
        var doc = RequireUnit(unit);
        TakeOutOfLine(doc, SerialState.Sampled);
        AddEvent(doc["wo"].AsString, new LineEvent
        {
            UnitDecommissioned = new UnitDecommissioned { Item = ToItem(unit), Reason = "sampled: " + action.Reason, OperatorId = action.OperatorId },
        });
        AppendAudit(action, "unit.sample", unit.ToString());
        return StoreDocuments.ToUnit(doc);
    });

    /// <summary>
    /// The unit's label was printed again with the same serial, with a <see cref="LabelReprinted"/> event and an audit
    /// record; <see cref="UnitRecord.ReprintCount"/> counts it. The unit's state does not change: a label awaiting its
    /// verdict (Encoded) still gets it from a read, a rejected one (LabelScrapped, terminal) stays rejected, a verified
    /// one (Commissioned) stays verified.
    /// </summary>
    /// <param name="unit">The unit.</param>
    /// <param name="action">Who and why.</param>
    /// <param name="maxReprints">When set, refuses once the unit's labels were printed again this many times.</param>
    /// <exception cref="InvalidOperationException">The unit has no label to reprint (not Encoded, LabelScrapped or Commissioned), or the limit is reached.</exception>
    public UnitRecord RecordReprint(UnitKey unit, OperatorAction action, int? maxReprints = null) => Step(() =>
    {
        ArgumentNullException.ThrowIfNull(action);
        action.Validate();
        var doc = RequireUnit(unit);
        var state = StoreDocuments.State(doc);
        if (state is not (SerialState.Encoded or SerialState.LabelScrapped or SerialState.Commissioned))
        {
            throw new InvalidOperationException($"Unit {unit} is {state}: only a printed unit (awaiting its verdict, rejected or verified) gets its label again.");
        }

        var count = doc["rp"].AsInt32;
        if (maxReprints is { } limit && count >= limit)
        {
            throw new InvalidOperationException(
                $"Unit {unit}: its label was printed again {count} times, the limit per unit is {limit} (Reprint:MaxReprintsPerUnit); reissue it under a new serial instead.");
        }

        doc["rp"] = count + 1;
        Changed(doc);
        AddEvent(doc["wo"].AsString, new LineEvent
        {
            LabelReprinted = new LabelReprinted { Item = ToItem(unit), Reason = action.Reason, OperatorId = action.OperatorId, Reissued = false },
        });
        AppendAudit(action, "unit.reprint", unit.ToString());
        return StoreDocuments.ToUnit(doc);
    });

    /// <summary>A unit as this transaction sees it; null when the serial is not on a unit of this line.</summary>
    public UnitRecord? FindUnit(UnitKey unit) => Step(() => Serial(unit.Id) is { } doc && StoreDocuments.IsUnit(doc) ? StoreDocuments.ToUnit(doc) : null);

    private BsonDocument RequireUnit(UnitKey unit)
    {
        var doc = Serial(unit.Id) ?? throw new KeyNotFoundException($"Unit {unit}: the serial is not on this line.");
        return StoreDocuments.IsUnit(doc) ? doc : throw new KeyNotFoundException($"Unit {unit}: the serial is still in the pool, on no unit.");
    }

    /// <summary>Moves a unit through <paramref name="path"/>, each step checked by the core lifecycle, and counts it.</summary>
    private void Move(BsonDocument unit, params SerialState[] path)
    {
        var from = StoreDocuments.State(unit);
        var at = from;
        foreach (var to in path)
        {
            if (!SerialLifecycle.TryTransition(at, to, out var why))
            {
                throw new InvalidSerialTransitionException(at, to, $"Unit {StoreDocuments.Key(unit)}: {why}");
            }

            at = to;
        }

        var inCase = StoreDocuments.InCase(unit);
        var now = _time.GetUtcNow().UtcTicks;
        var printedNow = from != SerialState.Encoded && path.Contains(SerialState.Encoded);
        if (printedNow)
        {
            unit[StoreDocuments.PrintedAtField] = now;
        }

        // Leaving Encoded is the verdict (verified, scrapped or sampled label).
        if (at != SerialState.Encoded && (printedNow || from == SerialState.Encoded))
        {
            unit[StoreDocuments.VerdictAtField] = now;
        }

        unit["st"] = (int)at;
        Changed(unit);
        Count(unit["wo"].AsString, Reconciliation.Of(at, inCase) - Reconciliation.Of(from, inCase));
    }

    private void TakeOutOfLine(BsonDocument unit, SerialState target)
    {
        var key = StoreDocuments.Key(unit);
        var state = StoreDocuments.State(unit);
        if (!SerialLifecycle.TryTransition(state, target, out var why))
        {
            throw new InvalidSerialTransitionException(state, target, $"Unit {key}: {why}");
        }

        if (StoreDocuments.InCase(unit))
        {
            var caseSscc = unit["c"].AsString;
            var container = ContainerDocument(caseSscc);
            if (container is null || StoreDocuments.ContainerStateOf(container) != ContainerState.Open)
            {
                throw new InvalidOperationException($"Unit {key} is in closed case {caseSscc}; disaggregate the case before taking the unit out.");
            }

            RemoveChild(container, key.Id);
            Count(unit["wo"].AsString, Reconciliation.Of(state, inCase: false) - Reconciliation.Of(state, inCase: true));
            unit["c"] = BsonValue.Null;
        }

        Move(unit, target);
    }
}
