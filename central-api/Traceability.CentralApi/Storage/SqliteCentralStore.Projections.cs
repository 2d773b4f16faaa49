using Microsoft.Data.Sqlite;
using Traceability.CentralApi.Storage.Projections;
using Traceability.Core.Lifecycle;

namespace Traceability.CentralApi.Storage;

/// <summary>The projections of stored events (states, batch, packing hierarchy) on SQLite, inside the append transaction.</summary>
public sealed partial class SqliteCentralStore
{
    private const string UnitColumns = """
        gtin, serial, line_id, state, state_version, commissioned_at, commission_version, lot, expiry, work_order_id,
        parent_sscc, parent_version, COALESCE(entered_version, parent_version), replaced_by_gtin, replaced_by_serial,
        replaced_version, replaces_gtin, replaces_serial
        """;

    private const string ContainerColumns = """
        sscc, line_id, packed_at, packed_version, state, state_version, parent_sscc, parent_version,
        COALESCE(entered_version, parent_version), emptied_version, replaced_by, replaced_version, replaces
        """;

    /// <summary>Projects the events this batch stored (not its duplicates; <paramref name="plan"/> was read from them) onto units and containers.</summary>
    private static async Task ApplyProjectionsAsync(
        SqliteConnection connection, SqliteTransaction tx, string lineId, ProjectionPlan plan, IReadOnlyList<LineEvent> inserted, CancellationToken cancellationToken)
    {
        if (plan.Commissionings.Count > 0)
        {
            // Only units whose label was reissued need the general path (it carries their batch on to the new serial).
            var reissued = await CommissionAsync(connection, tx, lineId, plan.Commissionings, cancellationToken);
            plan.Commissionings.RemoveAll(c => !reissued.Contains(c.Unit));
        }

        await HierarchyProjector.ApplyAsync(new ProjectionSession(connection, tx), lineId, plan, cancellationToken);
        await CloseWorkOrdersAsync(connection, tx, lineId, inserted, cancellationToken);
    }

    /// <summary>
    /// Commissioned events, the bulk of what lines send: one conditional UPDATE per event, without loading the row
    /// first (loading and saving through the general projector cost ~10–15 µs more per event, docs/benchmarks.md). The same rules as
    /// <see cref="HierarchyProjector"/>: the newest state wins, the first commissioning keeps its batch; every SET
    /// expression reads the row as it was before the statement. Returns the units replaced by a reissued label.
    /// </summary>
    private static async Task<HashSet<ItemKey>> CommissionAsync(
        SqliteConnection connection, SqliteTransaction tx, string lineId, IReadOnlyList<CommissionFact> facts, CancellationToken cancellationToken)
    {
        await using var update = Command(connection, tx, """
            UPDATE units SET
                state = CASE WHEN state_version IS NULL OR $version > state_version THEN $state ELSE state END,
                state_version = CASE WHEN state_version IS NULL OR $version > state_version THEN $version ELSE state_version END,
                commissioned_at = CASE WHEN commission_version IS NULL OR $version < commission_version THEN $at ELSE commissioned_at END,
                lot = CASE WHEN commission_version IS NULL OR $version < commission_version THEN COALESCE($lot, lot) ELSE lot END,
                expiry = CASE WHEN commission_version IS NULL OR $version < commission_version THEN COALESCE($expiry, expiry) ELSE expiry END,
                work_order_id = CASE WHEN commission_version IS NULL OR $version < commission_version THEN COALESCE($workOrder, work_order_id) ELSE work_order_id END,
                commission_version = CASE WHEN commission_version IS NULL OR $version < commission_version THEN $version ELSE commission_version END
            WHERE gtin = $gtin AND serial = $serial AND line_id = $line
            RETURNING replaced_by_gtin IS NOT NULL;
            """);
        update.Parameters.AddWithValue("$state", (int)SerialState.Commissioned);
        update.Parameters.AddWithValue("$line", lineId);
        var pGtin = update.Parameters.Add("$gtin", SqliteType.Text);
        var pSerial = update.Parameters.Add("$serial", SqliteType.Text);
        var pVersion = update.Parameters.Add("$version", SqliteType.Text);
        var pAt = update.Parameters.Add("$at", SqliteType.Text);
        var pLot = update.Parameters.Add("$lot", SqliteType.Text);
        var pExpiry = update.Parameters.Add("$expiry", SqliteType.Text);
        var pWorkOrder = update.Parameters.Add("$workOrder", SqliteType.Text);
        update.Prepare();
        var reissued = new HashSet<ItemKey>();
        foreach (var c in facts)
        {
            pGtin.Value = c.Unit.Gtin;
            pSerial.Value = c.Unit.Id;
            pVersion.Value = c.Version;
            pAt.Value = EventBatch.ToSqliteText(c.At);
            pLot.Value = Db(c.Lot);
            pExpiry.Value = Db(c.Expiry);
            pWorkOrder.Value = Db(c.WorkOrderId);
            if (await update.ExecuteScalarAsync(cancellationToken) is long replaced && replaced != 0)
            {
                reissued.Add(c.Unit);
            }
        }

        return reissued;
    }

    private static object Db(string? value) => (object?)value ?? DBNull.Value;

    private static object Db(DateTimeOffset? value) => value is { } v ? EventBatch.ToSqliteText(v) : DBNull.Value;

    // Entered equals the parent version except for reissued labels; store it only then.
    private static object Entered(ItemRow row) => row.EnteredVersion == row.ParentVersion ? DBNull.Value : Db(row.EnteredVersion);

    private sealed class ProjectionSession(SqliteConnection connection, SqliteTransaction tx) : IProjectionSession
    {
        public async Task<IReadOnlyList<ItemRow>> LoadAsync(IReadOnlyCollection<ItemKey> keys, CancellationToken cancellationToken)
        {
            var rows = new List<ItemRow>(keys.Count);
            await using var unit = Command(connection, tx, $"SELECT {UnitColumns} FROM units WHERE gtin = $gtin AND serial = $serial;");
            var pGtin = unit.Parameters.Add("$gtin", SqliteType.Text);
            var pSerial = unit.Parameters.Add("$serial", SqliteType.Text);
            unit.Prepare();
            await using var create = Command(connection, tx, "INSERT INTO containers (sscc, state) VALUES ($sscc, $state) ON CONFLICT DO NOTHING;");
            var pNew = create.Parameters.Add("$sscc", SqliteType.Text);
            create.Parameters.AddWithValue("$state", (int)SerialState.Commissioned);
            create.Prepare();
            await using var container = Command(connection, tx, $"SELECT {ContainerColumns} FROM containers WHERE sscc = $sscc;");
            var pSscc = container.Parameters.Add("$sscc", SqliteType.Text);
            container.Prepare();
            foreach (var key in keys)
            {
                SqliteCommand command;
                if (key.IsContainer)
                {
                    pNew.Value = key.Id;
                    await create.ExecuteNonQueryAsync(cancellationToken);
                    pSscc.Value = key.Id;
                    command = container;
                }
                else
                {
                    pGtin.Value = key.Gtin;
                    pSerial.Value = key.Id;
                    command = unit;
                }

                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                if (await reader.ReadAsync(cancellationToken))
                {
                    rows.Add(key.IsContainer ? ItemRows.Container(reader) : ItemRows.Unit(reader));
                }
            }

            return rows;
        }

        public async Task SaveAsync(IReadOnlyList<ItemRow> changed, IReadOnlyList<MemberRow> removed, IReadOnlyList<MemberRow> added, CancellationToken cancellationToken)
        {
            await using var unit = Command(connection, tx, """
                UPDATE units SET state = $state, state_version = $stateVersion, commissioned_at = $commissionedAt,
                    commission_version = $commissionVersion, lot = $lot, expiry = $expiry, work_order_id = $workOrder,
                    parent_sscc = $parent, parent_version = $parentVersion, entered_version = $entered,
                    replaced_by_gtin = $byGtin, replaced_by_serial = $bySerial, replaced_version = $replacedVersion,
                    replaces_gtin = $replacesGtin, replaces_serial = $replacesSerial
                WHERE gtin = $gtin AND serial = $serial;
                """);
            await using var container = Command(connection, tx, """
                UPDATE containers SET line_id = $line, packed_at = $packedAt, packed_version = $packedVersion, state = $state,
                    state_version = $stateVersion, parent_sscc = $parent, parent_version = $parentVersion, entered_version = $entered,
                    emptied_version = $emptied, replaced_by = $by, replaced_version = $replacedVersion, replaces = $replaces
                WHERE sscc = $sscc;
                """);
            foreach (var row in changed)
            {
                var command = row.Key.IsContainer ? container : unit;
                command.Parameters.Clear();
                var p = command.Parameters;
                p.AddWithValue("$state", (int)row.State);
                p.AddWithValue("$stateVersion", Db(row.StateVersion));
                p.AddWithValue("$parent", Db(row.ParentSscc));
                p.AddWithValue("$parentVersion", Db(row.ParentVersion));
                p.AddWithValue("$entered", Entered(row));
                p.AddWithValue("$replacedVersion", Db(row.ReplacedVersion));
                if (row.Key.IsContainer)
                {
                    p.AddWithValue("$sscc", row.Key.Id);
                    p.AddWithValue("$line", Db(row.LineId));
                    p.AddWithValue("$packedAt", Db(row.PackedAt));
                    p.AddWithValue("$packedVersion", Db(row.PackedVersion));
                    p.AddWithValue("$emptied", Db(row.EmptiedVersion));
                    p.AddWithValue("$by", Db(row.ReplacedBy?.Id));
                    p.AddWithValue("$replaces", Db(row.Replaces?.Id));
                }
                else
                {
                    p.AddWithValue("$gtin", row.Key.Gtin);
                    p.AddWithValue("$serial", row.Key.Id);
                    p.AddWithValue("$commissionedAt", Db(row.CommissionedAt));
                    p.AddWithValue("$commissionVersion", Db(row.CommissionVersion));
                    p.AddWithValue("$lot", Db(row.Lot));
                    p.AddWithValue("$expiry", Db(row.Expiry));
                    p.AddWithValue("$workOrder", Db(row.WorkOrderId));
                    p.AddWithValue("$byGtin", Db(row.ReplacedBy?.Gtin));
                    p.AddWithValue("$bySerial", Db(row.ReplacedBy?.Id));
                    p.AddWithValue("$replacesGtin", Db(row.Replaces?.Gtin));
                    p.AddWithValue("$replacesSerial", Db(row.Replaces?.Id));
                }

                await command.ExecuteNonQueryAsync(cancellationToken);
            }

            await using var remove = Command(connection, tx, "DELETE FROM container_members WHERE parent_sscc = $parent AND gtin = $gtin AND id = $id;");
            var rParent = remove.Parameters.Add("$parent", SqliteType.Text);
            var rGtin = remove.Parameters.Add("$gtin", SqliteType.Text);
            var rId = remove.Parameters.Add("$id", SqliteType.Text);
            foreach (var m in removed)
            {
                (rParent.Value, rGtin.Value, rId.Value) = (m.ParentSscc, m.Member.Gtin, m.Member.Id);
                await remove.ExecuteNonQueryAsync(cancellationToken);
            }

            await using var add = Command(connection, tx, """
                INSERT INTO container_members (parent_sscc, gtin, id, entered_version) VALUES ($parent, $gtin, $id, $entered)
                ON CONFLICT (parent_sscc, gtin, id) DO UPDATE SET entered_version = excluded.entered_version;
                """);
            var aParent = add.Parameters.Add("$parent", SqliteType.Text);
            var aGtin = add.Parameters.Add("$gtin", SqliteType.Text);
            var aId = add.Parameters.Add("$id", SqliteType.Text);
            var aEntered = add.Parameters.Add("$entered", SqliteType.Text);
            foreach (var m in added)
            {
                (aParent.Value, aGtin.Value, aId.Value, aEntered.Value) = (m.ParentSscc, m.Member.Gtin, m.Member.Id, m.EnteredVersion);
                await add.ExecuteNonQueryAsync(cancellationToken);
            }
        }
    }
}
