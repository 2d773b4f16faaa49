using Traceability.Core.Lifecycle;

namespace Traceability.CentralApi.Storage.Projections;

/// <summary>
/// Applies a <see cref="ProjectionPlan"/> to unit and container rows: states, commissioning, the packing hierarchy and
/// label reissues. The same code for every database; each store supplies an <see cref="IProjectionSession"/>.
/// </summary>
/// <remarks>
/// Every write is commutative, so the rows end the same whatever order the events arrive in (a line's gaps heal
/// late; batches are replayed): states and parents are last-writer-wins registers keyed by <see cref="EventVersion"/>;
/// commissioning and packing keep the first; emptying keeps the last; a container's emptying is applied when reading
/// (an item is in its parent only if it entered after the parent was last emptied), never by rewriting children,
/// because a child's later move that has not arrived yet must still win. A reissued label inherits the place of the
/// item it replaces: a parent write older than the reissue is passed on to the replacement with the reissue's version.
/// </remarks>
internal static class HierarchyProjector
{
    public static async Task ApplyAsync(IProjectionSession session, string lineId, ProjectionPlan plan, CancellationToken cancellationToken)
    {
        if (plan.IsEmpty)
        {
            return;
        }

        var rows = new Dictionary<ItemKey, ItemRow>();
        var original = new Dictionary<ItemKey, ItemRow>();
        await LoadAsync(session, rows, original, plan.Keys(), cancellationToken);

        foreach (var r in plan.Reissues)
        {
            if (rows.TryGetValue(r.Old, out var old) && (old.ReplacedVersion is null || EventVersion.Compare(r.Version, old.ReplacedVersion) < 0))
            {
                old.ReplacedBy = r.New;
                old.ReplacedVersion = r.Version;
            }

            if (rows.TryGetValue(r.New, out var @new))
            {
                @new.Replaces ??= r.Old;
            }
        }

        // Parent writes may be passed on to replacements not loaded yet; load them (and theirs) before writing.
        await LoadReplacementsAsync(session, rows, original, cancellationToken);

        foreach (var s in plan.States.Concat(plan.Commissionings.Select(c => new StateFact(c.Unit, SerialState.Commissioned, c.Version))))
        {
            if (rows.TryGetValue(s.Item, out var row) && MayChange(row, lineId) && EventVersion.IsNewer(s.Version, row.StateVersion))
            {
                row.State = s.State;
                row.StateVersion = s.Version;
            }
        }

        foreach (var c in plan.Commissions.Concat(plan.Commissionings))
        {
            if (rows.TryGetValue(c.Unit, out var row) && MayChange(row, lineId)
                && (row.CommissionVersion is null || EventVersion.Compare(c.Version, row.CommissionVersion) < 0))
            {
                row.CommissionedAt = c.At;
                row.CommissionVersion = c.Version;
                row.Lot = c.Lot ?? row.Lot;
                row.Expiry = c.Expiry ?? row.Expiry;
                row.WorkOrderId = c.WorkOrderId ?? row.WorkOrderId;
            }
        }

        foreach (var p in plan.Packs)
        {
            var row = rows[ItemKey.Container(p.Sscc)];
            if (row.PackedVersion is null || EventVersion.Compare(p.Version, row.PackedVersion) < 0)
            {
                row.PackedAt = p.At;
                row.PackedVersion = p.Version;
                row.LineId = lineId;
            }
        }

        foreach (var e in plan.Empties)
        {
            var row = rows[ItemKey.Container(e.Sscc)];
            if (EventVersion.IsNewer(e.Version, row.EmptiedVersion))
            {
                row.EmptiedVersion = e.Version;
            }
        }

        ApplyParents(rows, plan);
        InheritBatch(rows);

        var changed = new List<ItemRow>();
        var removed = new List<MemberRow>();
        var added = new List<MemberRow>();
        foreach (var (key, row) in rows)
        {
            var before = original[key];
            if (row.SameAs(before))
            {
                continue;
            }

            changed.Add(row);
            if (before.ParentSscc != row.ParentSscc || before.EnteredVersion != row.EnteredVersion)
            {
                if (before.ParentSscc is not null)
                {
                    removed.Add(new MemberRow(before.ParentSscc, key, before.EnteredVersion!));
                }

                if (row.ParentSscc is not null)
                {
                    added.Add(new MemberRow(row.ParentSscc, key, row.EnteredVersion!));
                }
            }
        }

        if (changed.Count > 0)
        {
            await session.SaveAsync(changed, removed, added, cancellationToken);
        }
    }

    // Units change only for events of the line they were allocated to; containers belong to no line.
    private static bool MayChange(ItemRow row, string lineId) => row.Key.IsContainer || row.LineId == lineId;

    private static void ApplyParents(Dictionary<ItemKey, ItemRow> rows, ProjectionPlan plan)
    {
        var queue = new Queue<(ItemKey Child, string? Parent, string Version, string Entered)>();
        foreach (var p in plan.Parents)
        {
            queue.Enqueue((p.Child, p.Parent, p.Version, p.Version));
        }

        foreach (var r in plan.Reissues)
        {
            // The old item leaves its place; the new one takes it as the old one held it before the reissue (when
            // the old one's own parent events arrive later, they are passed on below instead).
            if (rows.TryGetValue(r.Old, out var old) && old.ParentVersion is not null && EventVersion.Compare(old.ParentVersion, r.Version) < 0)
            {
                queue.Enqueue((r.New, old.ParentSscc, r.Version, old.EnteredVersion!));
            }

            queue.Enqueue((r.Old, null, r.Version, r.Version));
        }

        // Each pass-on moves one step along a replacement chain and only to a strictly newer reissue version, so the
        // loop ends; the bound guards against a chain that loops back on itself in bad data.
        var budget = queue.Count * 8 + 64;
        while (queue.TryDequeue(out var w) && budget-- > 0)
        {
            if (!rows.TryGetValue(w.Child, out var row))
            {
                continue;
            }

            if (IsNewer(w.Version, w.Entered, w.Parent, row))
            {
                row.ParentSscc = w.Parent;
                row.ParentVersion = w.Version;
                row.EnteredVersion = w.Entered;
            }

            if (row.ReplacedBy is { } replacement && EventVersion.Compare(row.ReplacedVersion, w.Version) > 0)
            {
                queue.Enqueue((replacement, w.Parent, row.ReplacedVersion!, w.Entered));
            }
        }
    }

    private static bool IsNewer(string version, string entered, string? parent, ItemRow row)
    {
        if (row.ParentVersion is null)
        {
            return true;
        }

        var byVersion = EventVersion.Compare(version, row.ParentVersion);
        if (byVersion != 0)
        {
            return byVersion > 0;
        }

        var byEntered = EventVersion.Compare(entered, row.EnteredVersion);
        return byEntered != 0 ? byEntered > 0 : string.CompareOrdinal(parent, row.ParentSscc) > 0;
    }

    // A reissued label carries on the unit's batch and work order, whichever of the two events arrived first.
    private static void InheritBatch(Dictionary<ItemKey, ItemRow> rows)
    {
        for (var pass = 0; pass < 4; pass++)
        {
            var changed = false;
            foreach (var row in rows.Values)
            {
                if (row.ReplacedBy is { } key && rows.TryGetValue(key, out var next) && !next.Key.IsContainer)
                {
                    changed |= Fill(next, row);
                }
            }

            if (!changed)
            {
                return;
            }
        }
    }

    private static bool Fill(ItemRow target, ItemRow source)
    {
        var before = (target.Lot, target.Expiry, target.WorkOrderId);
        target.Lot ??= source.Lot;
        target.Expiry ??= source.Expiry;
        target.WorkOrderId ??= source.WorkOrderId;
        return before != (target.Lot, target.Expiry, target.WorkOrderId);
    }

    private static async Task LoadAsync(
        IProjectionSession session, Dictionary<ItemKey, ItemRow> rows, Dictionary<ItemKey, ItemRow> original,
        IReadOnlyCollection<ItemKey> keys, CancellationToken cancellationToken)
    {
        foreach (var row in await session.LoadAsync(keys, cancellationToken))
        {
            rows[row.Key] = row;
            original[row.Key] = row.Clone();
        }
    }

    private static async Task LoadReplacementsAsync(
        IProjectionSession session, Dictionary<ItemKey, ItemRow> rows, Dictionary<ItemKey, ItemRow> original, CancellationToken cancellationToken)
    {
        var asked = new HashSet<ItemKey>(rows.Keys);
        for (var round = 0; round < 8; round++)
        {
            var missing = rows.Values.Where(r => r.ReplacedBy is { } k && asked.Add(k)).Select(r => r.ReplacedBy!.Value).ToList();
            if (missing.Count == 0)
            {
                return;
            }

            await LoadAsync(session, rows, original, missing, cancellationToken);
        }
    }
}
