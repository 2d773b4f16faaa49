using Npgsql;
using NpgsqlTypes;
using Traceability.CentralApi.Storage.Projections;
using Traceability.Core.Lifecycle;

namespace Traceability.CentralApi.Storage;

/// <summary>
/// The projections of stored events (states, batch, packing hierarchy) on PostgreSQL, inside the append transaction:
/// one statement per step over arrays. Rows are locked in key order (containers, then units), so concurrent batches of
/// two lines packing into the same pallet wait on each other instead of deadlocking.
/// </summary>
public sealed partial class PostgresCentralStore
{
    private const string UnitColumns = """
        u.gtin, u.serial, u.line_id, u.state, u.state_version, u.commissioned_at, u.commission_version, u.lot, u.expiry,
        u.work_order_id, u.parent_sscc, u.parent_version, COALESCE(u.entered_version, u.parent_version), u.replaced_by_gtin,
        u.replaced_by_serial, u.replaced_version, u.replaces_gtin, u.replaces_serial
        """;

    private const string ContainerColumns = """
        c.sscc, c.line_id, c.packed_at, c.packed_version, c.state, c.state_version, c.parent_sscc, c.parent_version,
        COALESCE(c.entered_version, c.parent_version), c.emptied_version, c.replaced_by, c.replaced_version, c.replaces
        """;

    /// <summary>Projects the events this batch stored (not its duplicates) onto units and containers.</summary>
    private static async Task ApplyProjectionsAsync(
        NpgsqlConnection connection, NpgsqlTransaction tx, string lineId, IReadOnlyList<LineEvent> inserted, CancellationToken cancellationToken)
    {
        var plan = ProjectionPlan.From(lineId, inserted);
        if (plan.Commissionings.Count > 0)
        {
            // Only units whose label was reissued need the general path (it carries their batch on to the new serial).
            var reissued = await CommissionAsync(connection, tx, lineId, plan.Commissionings, cancellationToken);
            plan.Commissionings.RemoveAll(c => !reissued.Contains(c.Unit));
        }

        await HierarchyProjector.ApplyAsync(new ProjectionSession(connection, tx), lineId, plan, cancellationToken);
        // Only a batch that closes a work order runs the statement. The events name their work order themselves (the
        // staging table they were once read from is not there when a batch of new events skips it).
        var closing = inserted
            .Where(e => e.Type == LineEventTypes.WorkOrderClosed && e.WorkOrderId is not null)
            .Select(e => e.WorkOrderId!)
            .Distinct(StringComparer.Ordinal)
            .ToArray();
        if (closing.Length > 0)
        {
            await CloseWorkOrdersAsync(connection, tx, lineId, closing, cancellationToken);
        }
    }

    /// <summary>
    /// Commissioned events, the bulk of what lines send, in one statement without loading the rows first: the same
    /// rules as <see cref="HierarchyProjector"/> (the newest state wins, the first commissioning keeps its batch), the
    /// versions compared in SQL. Returns the units that have been replaced by a reissued label.
    /// </summary>
    private static async Task<HashSet<ItemKey>> CommissionAsync(
        NpgsqlConnection connection, NpgsqlTransaction tx, string lineId, IReadOnlyList<CommissionFact> facts, CancellationToken cancellationToken)
    {
        // One row per unit (an UPDATE … FROM applies only one source row per target): its newest state version and
        // its first commissioning. Key order, so concurrent batches lock rows in the same order.
        var units = facts.GroupBy(f => f.Unit)
            .Select(g => (Unit: g.Key, StateVersion: g.Select(f => f.Version).Max(StringComparer.Ordinal)!, First: g.MinBy(f => f.Version, StringComparer.Ordinal)!))
            .OrderBy(u => u.Unit.Gtin, StringComparer.Ordinal).ThenBy(u => u.Unit.Id, StringComparer.Ordinal)
            .ToList();
        // Only the replaced units come back (a row per unit cost a row to send and read per event).
        await using var update = Command(connection, tx, """
            WITH commissioned AS (
            UPDATE units u SET
                state = CASE WHEN u.state_version IS NULL OR v.state_version > u.state_version THEN @state ELSE u.state END,
                state_version = CASE WHEN u.state_version IS NULL OR v.state_version > u.state_version THEN v.state_version ELSE u.state_version END,
                commissioned_at = CASE WHEN u.commission_version IS NULL OR v.version < u.commission_version THEN v.at ELSE u.commissioned_at END,
                lot = CASE WHEN u.commission_version IS NULL OR v.version < u.commission_version THEN COALESCE(v.lot, u.lot) ELSE u.lot END,
                expiry = CASE WHEN u.commission_version IS NULL OR v.version < u.commission_version THEN COALESCE(v.expiry, u.expiry) ELSE u.expiry END,
                work_order_id = CASE WHEN u.commission_version IS NULL OR v.version < u.commission_version THEN COALESCE(v.work_order_id, u.work_order_id) ELSE u.work_order_id END,
                commission_version = CASE WHEN u.commission_version IS NULL OR v.version < u.commission_version THEN v.version ELSE u.commission_version END
            FROM unnest(@gtins, @serials, @stateVersions, @versions, @ats, @lots, @expiries, @workOrders)
                AS v(gtin, serial, state_version, version, at, lot, expiry, work_order_id)
            WHERE u.gtin = v.gtin AND u.serial = v.serial AND u.line_id = @line
            RETURNING u.gtin, u.serial, u.replaced_by_gtin IS NOT NULL AS replaced)
            SELECT gtin, serial FROM commissioned WHERE replaced;
            """);
        var p = update.Parameters;
        p.AddWithValue("state", (short)SerialState.Commissioned);
        p.AddWithValue("line", lineId);
        p.AddWithValue("gtins", units.Select(u => u.Unit.Gtin).ToArray());
        p.AddWithValue("serials", units.Select(u => u.Unit.Id).ToArray());
        p.AddWithValue("stateVersions", units.Select(u => u.StateVersion).ToArray());
        p.AddWithValue("versions", units.Select(u => u.First.Version).ToArray());
        p.Add(new NpgsqlParameter("ats", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { Value = units.Select(u => u.First.At.UtcDateTime).ToArray() });
        p.Add(Texts("lots", units.Select(u => u.First.Lot)));
        p.Add(Texts("expiries", units.Select(u => u.First.Expiry)));
        p.Add(Texts("workOrders", units.Select(u => u.First.WorkOrderId)));
        var reissued = new HashSet<ItemKey>();
        await using var reader = await update.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            reissued.Add(ItemKey.Unit(reader.GetString(0), reader.GetString(1)));
        }

        return reissued;
    }

    private static NpgsqlParameter Texts(string name, IEnumerable<string?> values) =>
        new(name, NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = values.ToArray() };

    private static NpgsqlParameter Instants(string name, IEnumerable<DateTimeOffset?> values) =>
        new(name, NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { Value = values.Select(v => v?.UtcDateTime).ToArray() };

    private sealed class ProjectionSession(NpgsqlConnection connection, NpgsqlTransaction tx) : IProjectionSession
    {
        public async Task<IReadOnlyList<ItemRow>> LoadAsync(IReadOnlyCollection<ItemKey> keys, CancellationToken cancellationToken)
        {
            var rows = new List<ItemRow>(keys.Count);
            var ssccs = keys.Where(k => k.IsContainer).Select(k => k.Id).Order(StringComparer.Ordinal).ToArray();
            if (ssccs.Length > 0)
            {
                await using (var create = Command(connection, tx, """
                    INSERT INTO containers (sscc, state) SELECT s, @state FROM unnest(@ssccs) AS s ORDER BY s ON CONFLICT DO NOTHING;
                    """))
                {
                    create.Parameters.AddWithValue("ssccs", ssccs);
                    create.Parameters.AddWithValue("state", (short)SerialState.Commissioned);
                    await create.ExecuteNonQueryAsync(cancellationToken);
                }

                await using var select = Command(connection, tx, $"SELECT {ContainerColumns} FROM containers c WHERE c.sscc = ANY(@ssccs) ORDER BY c.sscc FOR UPDATE;");
                select.Parameters.AddWithValue("ssccs", ssccs);
                await using var reader = await select.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    rows.Add(ItemRows.Container(reader));
                }
            }

            var units = keys.Where(k => !k.IsContainer).ToArray();
            if (units.Length > 0)
            {
                await using var select = Command(connection, tx, $"""
                    SELECT {UnitColumns} FROM units u JOIN unnest(@gtins, @serials) AS k(gtin, serial) ON u.gtin = k.gtin AND u.serial = k.serial
                    ORDER BY u.gtin, u.serial FOR UPDATE OF u;
                    """);
                select.Parameters.AddWithValue("gtins", units.Select(k => k.Gtin).ToArray());
                select.Parameters.AddWithValue("serials", units.Select(k => k.Id).ToArray());
                await using var reader = await select.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    rows.Add(ItemRows.Unit(reader));
                }
            }

            return rows;
        }

        public async Task SaveAsync(IReadOnlyList<ItemRow> changed, IReadOnlyList<MemberRow> removed, IReadOnlyList<MemberRow> added, CancellationToken cancellationToken)
        {
            var units = changed.Where(r => !r.Key.IsContainer).ToList();
            if (units.Count > 0)
            {
                await using var update = Command(connection, tx, """
                    UPDATE units u SET state = v.state, state_version = v.state_version, commissioned_at = v.commissioned_at,
                        commission_version = v.commission_version, lot = v.lot, expiry = v.expiry, work_order_id = v.work_order_id,
                        parent_sscc = v.parent_sscc, parent_version = v.parent_version, entered_version = v.entered_version,
                        replaced_by_gtin = v.by_gtin, replaced_by_serial = v.by_serial, replaced_version = v.replaced_version,
                        replaces_gtin = v.replaces_gtin, replaces_serial = v.replaces_serial
                    FROM unnest(@gtins, @serials, @states, @stateVersions, @commissionedAts, @commissionVersions, @lots, @expiries,
                                @workOrders, @parents, @parentVersions, @entered, @byGtins, @bySerials, @replacedVersions,
                                @replacesGtins, @replacesSerials)
                        AS v(gtin, serial, state, state_version, commissioned_at, commission_version, lot, expiry, work_order_id,
                             parent_sscc, parent_version, entered_version, by_gtin, by_serial, replaced_version, replaces_gtin, replaces_serial)
                    WHERE u.gtin = v.gtin AND u.serial = v.serial;
                    """);
                var p = update.Parameters;
                p.AddWithValue("gtins", units.Select(r => r.Key.Gtin).ToArray());
                p.AddWithValue("serials", units.Select(r => r.Key.Id).ToArray());
                p.AddWithValue("states", units.Select(r => (short)r.State).ToArray());
                p.Add(Texts("stateVersions", units.Select(r => r.StateVersion)));
                p.Add(Instants("commissionedAts", units.Select(r => r.CommissionedAt)));
                p.Add(Texts("commissionVersions", units.Select(r => r.CommissionVersion)));
                p.Add(Texts("lots", units.Select(r => r.Lot)));
                p.Add(Texts("expiries", units.Select(r => r.Expiry)));
                p.Add(Texts("workOrders", units.Select(r => r.WorkOrderId)));
                p.Add(Texts("parents", units.Select(r => r.ParentSscc)));
                p.Add(Texts("parentVersions", units.Select(r => r.ParentVersion)));
                p.Add(Texts("entered", units.Select(Entered)));
                p.Add(Texts("byGtins", units.Select(r => r.ReplacedBy?.Gtin)));
                p.Add(Texts("bySerials", units.Select(r => r.ReplacedBy?.Id)));
                p.Add(Texts("replacedVersions", units.Select(r => r.ReplacedVersion)));
                p.Add(Texts("replacesGtins", units.Select(r => r.Replaces?.Gtin)));
                p.Add(Texts("replacesSerials", units.Select(r => r.Replaces?.Id)));
                await update.ExecuteNonQueryAsync(cancellationToken);
            }

            var containers = changed.Where(r => r.Key.IsContainer).ToList();
            if (containers.Count > 0)
            {
                await using var update = Command(connection, tx, """
                    UPDATE containers c SET line_id = v.line_id, packed_at = v.packed_at, packed_version = v.packed_version,
                        state = v.state, state_version = v.state_version, parent_sscc = v.parent_sscc, parent_version = v.parent_version,
                        entered_version = v.entered_version, emptied_version = v.emptied_version, replaced_by = v.replaced_by,
                        replaced_version = v.replaced_version, replaces = v.replaces
                    FROM unnest(@ssccs, @lines, @packedAts, @packedVersions, @states, @stateVersions, @parents, @parentVersions,
                                @entered, @emptied, @replacedBy, @replacedVersions, @replaces)
                        AS v(sscc, line_id, packed_at, packed_version, state, state_version, parent_sscc, parent_version,
                             entered_version, emptied_version, replaced_by, replaced_version, replaces)
                    WHERE c.sscc = v.sscc;
                    """);
                var p = update.Parameters;
                p.AddWithValue("ssccs", containers.Select(r => r.Key.Id).ToArray());
                p.Add(Texts("lines", containers.Select(r => r.LineId)));
                p.Add(Instants("packedAts", containers.Select(r => r.PackedAt)));
                p.Add(Texts("packedVersions", containers.Select(r => r.PackedVersion)));
                p.AddWithValue("states", containers.Select(r => (short)r.State).ToArray());
                p.Add(Texts("stateVersions", containers.Select(r => r.StateVersion)));
                p.Add(Texts("parents", containers.Select(r => r.ParentSscc)));
                p.Add(Texts("parentVersions", containers.Select(r => r.ParentVersion)));
                p.Add(Texts("entered", containers.Select(Entered)));
                p.Add(Texts("emptied", containers.Select(r => r.EmptiedVersion)));
                p.Add(Texts("replacedBy", containers.Select(r => r.ReplacedBy?.Id)));
                p.Add(Texts("replacedVersions", containers.Select(r => r.ReplacedVersion)));
                p.Add(Texts("replaces", containers.Select(r => r.Replaces?.Id)));
                await update.ExecuteNonQueryAsync(cancellationToken);
            }

            if (removed.Count > 0)
            {
                await using var delete = Command(connection, tx, """
                    DELETE FROM container_members m USING unnest(@parents, @gtins, @ids) AS d(parent_sscc, gtin, id)
                    WHERE m.parent_sscc = d.parent_sscc AND m.gtin = d.gtin AND m.id = d.id;
                    """);
                delete.Parameters.AddWithValue("parents", removed.Select(m => m.ParentSscc).ToArray());
                delete.Parameters.AddWithValue("gtins", removed.Select(m => m.Member.Gtin).ToArray());
                delete.Parameters.AddWithValue("ids", removed.Select(m => m.Member.Id).ToArray());
                await delete.ExecuteNonQueryAsync(cancellationToken);
            }

            if (added.Count > 0)
            {
                await using var insert = Command(connection, tx, """
                    INSERT INTO container_members (parent_sscc, gtin, id, entered_version)
                    SELECT * FROM unnest(@parents, @gtins, @ids, @entered) ORDER BY 1, 2, 3
                    ON CONFLICT (parent_sscc, gtin, id) DO UPDATE SET entered_version = excluded.entered_version;
                    """);
                insert.Parameters.AddWithValue("parents", added.Select(m => m.ParentSscc).ToArray());
                insert.Parameters.AddWithValue("gtins", added.Select(m => m.Member.Gtin).ToArray());
                insert.Parameters.AddWithValue("ids", added.Select(m => m.Member.Id).ToArray());
                insert.Parameters.AddWithValue("entered", added.Select(m => m.EnteredVersion).ToArray());
                await insert.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        // Entered equals the parent version except for reissued labels; store it only then.
        private static string? Entered(ItemRow row) => row.EnteredVersion == row.ParentVersion ? null : row.EnteredVersion;
    }
}
