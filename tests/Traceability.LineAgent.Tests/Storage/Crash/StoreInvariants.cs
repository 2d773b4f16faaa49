using Traceability.Contracts.Line.V1;
using Traceability.Core.Lifecycle;
using Traceability.LineAgent.CrashTarget;
using Traceability.LineAgent.Outbox;
using Traceability.LineAgent.Storage;

namespace Traceability.LineAgent.Tests.Storage.Crash;

/// <summary>
/// What must hold in a reopened store after any crash: every acknowledged fact is there (or moved on along the
/// lifecycle), no serial is on two units, the outbox is gap-free and holds exactly one event per state change,
/// reconciliation balances, and the audit chain verifies. Returns the violations; empty when all hold.
/// </summary>
internal static class StoreInvariants
{
    public static List<string> Check(LineStore store, AckLedger acked)
    {
        var violations = new List<string>();
        var units = store.UnitsOf(LineWorkload.WorkOrderId).ToDictionary(u => u.Key.Id, StringComparer.Ordinal);
        var events = ReadAllEvents(store.Outbox, violations);

        CheckAcknowledged(store, acked, units, violations);
        CheckOneSerialPerUnit(store, units, violations);
        CheckEventsMatchStates(units, events, violations);
        CheckContainers(store, units, events, violations);

        var order = store.FindWorkOrder(LineWorkload.WorkOrderId);
        if (order is not null)
        {
            var counted = store.CountFromData(order.Id);
            if (order.Counts != counted)
            {
                violations.Add($"stored counts {order.Counts} differ from the units' {counted}");
            }

            violations.AddRange(counted.Imbalances().Select(i => "reconciliation: " + i));
        }

        var audit = store.VerifyAuditChain();
        if (!audit.IsIntact)
        {
            violations.Add($"audit chain broken at {audit.FirstBrokenSequence}: {audit.Problem}");
        }

        var records = store.ReadAudit(1, int.MaxValue).ToDictionary(r => r.Sequence);
        foreach (var (sequence, hash) in acked.Audits)
        {
            if (!records.TryGetValue(sequence, out var record) || record.Hash != hash)
            {
                violations.Add($"acknowledged audit record {sequence} ({hash}) is {(record is null ? "missing" : "different: " + record.Hash)}");
            }
        }

        return violations;
    }

    private static void CheckAcknowledged(LineStore store, AckLedger acked, Dictionary<string, UnitRecord> units, List<string> violations)
    {
        foreach (var (id, state) in acked.UnitStates)
        {
            if (!units.TryGetValue(id, out var unit))
            {
                violations.Add($"acknowledged unit {id} ({state}) is missing");
            }
            else if (unit.State != state && !Reachable(state, unit.State))
            {
                violations.Add($"acknowledged unit {id} was {state}, is {unit.State}: not a later state");
            }
        }

        foreach (var (id, sscc) in acked.PackedIn)
        {
            if (units.TryGetValue(id, out var unit) && unit.State == SerialState.Commissioned && unit.CaseSscc?.Value != sscc)
            {
                violations.Add($"acknowledged unit {id} packed in {sscc} is in {unit.CaseSscc?.Value ?? "no case"}");
            }
        }

        foreach (var sscc in acked.Closed)
        {
            var container = store.FindContainer(Core.Gs1.Sscc.Parse(sscc));
            if (container?.State != ContainerState.Closed)
            {
                violations.Add($"acknowledged closed container {sscc} is {container?.State.ToString() ?? "missing"}");
            }
        }

        foreach (var (id, count) in acked.Reprints)
        {
            if (!units.TryGetValue(id, out var unit) || unit.ReprintCount < count)
            {
                violations.Add($"acknowledged {count} reprints of {id}, the store has {units.GetValueOrDefault(id)?.ReprintCount}");
            }
        }

        if (store.Outbox.DurableSequence < acked.OutboxDurable)
        {
            violations.Add($"events up to {acked.OutboxDurable} were acknowledged durable, the outbox ends at {store.Outbox.DurableSequence}");
        }
    }

    private static void CheckOneSerialPerUnit(LineStore store, Dictionary<string, UnitRecord> units, List<string> violations)
    {
        var pool = store.PoolStatus(LineWorkload.Gtin);
        if (pool.Taken != units.Count)
        {
            violations.Add($"the pool handed out {pool.Taken} serials for {units.Count} units");
        }

        foreach (var twice in units.Values.GroupBy(u => u.Key.Serial.Value).Where(g => g.Count() > 1))
        {
            violations.Add($"serial {twice.Key} is on {twice.Count()} units");
        }
    }

    private static void CheckEventsMatchStates(Dictionary<string, UnitRecord> units, List<LineEvent> events, List<string> violations)
    {
        // Each state change and its event share a transaction: exactly one event per change, none without it.
        var commissioned = CountBy(events, LineEvent.BodyOneofCase.UnitCommissioned, e => Id(e.UnitCommissioned.Unit));
        var rejected = CountBy(events, LineEvent.BodyOneofCase.UnitRejected, e => Id(e.UnitRejected.Unit));
        var decommissioned = CountBy(events, LineEvent.BodyOneofCase.UnitDecommissioned, e => Id(e.UnitDecommissioned.Item.Unit));
        var reprinted = CountBy(events, LineEvent.BodyOneofCase.LabelReprinted, e => Id(e.LabelReprinted.Item.Unit));
        foreach (var unit in units.Values)
        {
            var id = unit.Key.Id;
            var verified = unit.State is SerialState.Commissioned or SerialState.Inactive ? 1 : 0;
            Expect(commissioned.GetValueOrDefault(id), verified, $"UnitCommissioned events for {id} ({unit.State})", violations);
            Expect(rejected.GetValueOrDefault(id), unit.State == SerialState.LabelScrapped ? 1 : 0, $"UnitRejected events for {id} ({unit.State})", violations);
            Expect(decommissioned.GetValueOrDefault(id), unit.State == SerialState.Inactive ? 1 : 0, $"UnitDecommissioned events for {id} ({unit.State})", violations);
            Expect(reprinted.GetValueOrDefault(id), unit.ReprintCount, $"LabelReprinted events for {id}", violations);
        }

        foreach (var stray in commissioned.Keys.Concat(rejected.Keys).Where(id => !units.ContainsKey(id)))
        {
            violations.Add($"an event names unit {stray}, which is not in the store");
        }
    }

    private static void CheckContainers(LineStore store, Dictionary<string, UnitRecord> units, List<LineEvent> events, List<string> violations)
    {
        var aggregated = CountBy(events, LineEvent.BodyOneofCase.Aggregated, e => e.Aggregated.ParentSscc);
        foreach (var container in store.ContainersOf(LineWorkload.WorkOrderId))
        {
            var sscc = container.Sscc.Value;
            Expect(aggregated.GetValueOrDefault(sscc), container.State == ContainerState.Closed ? 1 : 0, $"Aggregated events for {container.Kind} {sscc} ({container.State})", violations);
            foreach (var child in container.Units.Where(c => units[c.Id].CaseSscc != container.Sscc))
            {
                violations.Add($"case {sscc} lists {child.Id}, which says it is in {units[child.Id].CaseSscc?.Value ?? "no case"}");
            }
        }

        foreach (var unit in units.Values.Where(u => u.CaseSscc is not null))
        {
            if (store.FindContainer(unit.CaseSscc!.Value)?.Units.Contains(unit.Key) != true)
            {
                violations.Add($"unit {unit.Key.Id} says it is in case {unit.CaseSscc.Value.Value}, which does not list it");
            }
        }
    }

    private static List<LineEvent> ReadAllEvents(LineOutbox outbox, List<string> violations)
    {
        var entries = outbox.Read(1, int.MaxValue);
        for (var i = 0; i < entries.Count; i++)
        {
            if (entries[i].Sequence != i + 1)
            {
                violations.Add($"outbox sequence gap: position {i + 1} holds sequence {entries[i].Sequence}");
                break;
            }
        }

        if (entries.Count != outbox.DurableSequence)
        {
            violations.Add($"the outbox ends at {outbox.DurableSequence} but holds {entries.Count} events");
        }

        var events = entries.Select(e => e.ToEvent()).ToList();
        if (events.Select(e => e.EventId).Distinct(StringComparer.Ordinal).Count() != events.Count)
        {
            violations.Add("two events share an id");
        }

        return events;
    }

    private static Dictionary<string, int> CountBy(List<LineEvent> events, LineEvent.BodyOneofCase kind, Func<LineEvent, string> key) =>
        events.Where(e => e.BodyCase == kind).GroupBy(key).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

    private static string Id(Contracts.Line.V1.UnitId unit) => unit.Gtin + "|" + unit.Serial;

    private static void Expect(int actual, int expected, string what, List<string> violations)
    {
        if (actual != expected)
        {
            violations.Add($"{what}: {actual}, expected {expected}");
        }
    }

    /// <summary>True when the lifecycle leads from <paramref name="from"/> to <paramref name="to"/> in one or more steps.</summary>
    private static bool Reachable(SerialState from, SerialState to)
    {
        var seen = new HashSet<SerialState> { from };
        var next = new Queue<SerialState>([from]);
        while (next.TryDequeue(out var state))
        {
            foreach (var after in SerialLifecycle.AllowedFrom(state).Where(seen.Add))
            {
                if (after == to)
                {
                    return true;
                }

                next.Enqueue(after);
            }
        }

        return false;
    }
}
