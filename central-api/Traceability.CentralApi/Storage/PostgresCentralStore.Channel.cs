using Npgsql;
using NpgsqlTypes;

namespace Traceability.CentralApi.Storage;

/// <summary>
/// The sales channel on PostgreSQL. A step stages its units in a temporary table, locks their channel rows in key order,
/// checks them and applies the step with set-based statements that reach the serial-partitioned tables through their
/// keys (nested loops over the staged keys, whatever the statistics of a fresh temporary table say).
/// </summary>
public sealed partial class PostgresCentralStore : IChannelStore
{
    public async Task<bool> CreateDealerAsync(DealerRecord dealer, CancellationToken cancellationToken = default)
    {
        ChannelArguments.Check(dealer);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        var parentPath = "/";
        if (dealer.ParentId is { } parentId)
        {
            // FOR SHARE: the parent cannot go away between reading its path and inserting the child.
            await using var parent = Command(connection, tx, "SELECT path FROM dealers WHERE dealer_id = @id FOR SHARE;");
            parent.Parameters.AddWithValue("id", parentId);
            parentPath = (string?)await parent.ExecuteScalarAsync(cancellationToken)
                ?? throw new ArgumentException($"Parent dealer '{parentId}' does not exist.", nameof(dealer));
        }

        await using var insert = Command(connection, tx, """
            INSERT INTO dealers (dealer_id, name, parent_id, level, path, regions, created_at)
            VALUES (@id, @name, @parent, @level, @path, @regions, @at) ON CONFLICT (dealer_id) DO NOTHING;
            """);
        insert.Parameters.AddWithValue("id", dealer.Id);
        insert.Parameters.AddWithValue("name", dealer.Name);
        insert.Parameters.Add(new NpgsqlParameter("parent", NpgsqlDbType.Text) { Value = (object?)dealer.ParentId ?? DBNull.Value });
        insert.Parameters.AddWithValue("level", (short)dealer.Level);
        insert.Parameters.AddWithValue("path", parentPath + dealer.Id + "/");
        insert.Parameters.AddWithValue("regions", dealer.Regions.ToArray());
        insert.Parameters.AddWithValue("at", EventBatch.Stored(dealer.CreatedAt).UtcDateTime);
        var created = await insert.ExecuteNonQueryAsync(cancellationToken) == 1;
        await tx.CommitAsync(cancellationToken);
        return created;
    }

    public async Task<DealerRecord?> GetDealerAsync(string dealerId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dealerId);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = Command(connection, null, ChannelQueries.Dealer);
        command.Parameters.AddWithValue("id", dealerId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ChannelRows.Dealer(reader, 0) : null;
    }

    public async Task<ChannelStepResult> RecordChannelStepAsync(ChannelStep request, CancellationToken cancellationToken = default)
    {
        ChannelArguments.Check(request);
        var step = request;
        var fromBrand = step.DealerId is null;
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, tx, """
            SET LOCAL enable_hashjoin = off;
            SET LOCAL enable_mergejoin = off;
            CREATE TEMP TABLE IF NOT EXISTS channel_batch (gtin text NOT NULL, serial text NOT NULL, PRIMARY KEY (gtin, serial)) ON COMMIT DELETE ROWS;
            """, cancellationToken);
        var ssccs = step.Ssccs.Distinct(StringComparer.Ordinal).ToArray();
        await using (var units = Command(connection, tx, """
            INSERT INTO channel_batch (gtin, serial) SELECT * FROM unnest(@gtins, @serials) ON CONFLICT DO NOTHING;
            """))
        {
            units.Parameters.AddWithValue("gtins", step.Units.Select(u => u.Gtin).ToArray());
            units.Parameters.AddWithValue("serials", step.Units.Select(u => u.Serial).ToArray());
            await units.ExecuteNonQueryAsync(cancellationToken);
        }

        List<string> unknownSsccs;
        await using (var containers = Command(connection, tx, """
            SELECT s FROM unnest(@ssccs) AS s WHERE NOT EXISTS (SELECT 1 FROM containers c WHERE c.sscc = s) ORDER BY s COLLATE "C";
            """))
        {
            containers.Parameters.AddWithValue("ssccs", ssccs);
            unknownSsccs = await containers.ReadAllAsync(reader => reader.GetString(0), cancellationToken);
        }

        await using (var explode = Command(connection, tx, ChannelQueries.Explode("SELECT 0, s FROM unnest(@ssccs::text[]) AS s", "INSERT INTO", "ON CONFLICT DO NOTHING")))
        {
            explode.Parameters.AddWithValue("ssccs", ssccs);
            await explode.ExecuteNonQueryAsync(cancellationToken);
        }

        int count;
        await using (var counter = Command(connection, tx, ChannelQueries.BatchCount))
        {
            count = (int)(long)(await counter.ExecuteScalarAsync(cancellationToken))!;
        }

        var unknownUnits = await ReadUnitKeysAsync(connection, tx, ChannelQueries.UnknownUnits, step, cancellationToken);
        if (unknownSsccs.Count > 0 || unknownUnits.Count > 0)
        {
            return new ChannelStepResult(ChannelStepOutcome.Unknown, count, unknownSsccs, unknownUnits);
        }

        if (count == 0)
        {
            return new ChannelStepResult(ChannelStepOutcome.Empty, 0, [], []);
        }

        // Concurrent steps over the same units wait here, in key order (no deadlock), and then see each other's result.
        await ExecuteAsync(connection, tx, """
            SELECT 1 FROM channel_batch b JOIN channel_units c ON c.gtin = b.gtin AND c.serial = b.serial
            ORDER BY c.gtin, c.serial FOR UPDATE OF c;
            """, cancellationToken);
        var notAvailable = ChannelQueries.NotAvailable(step.Kind, fromBrand);
        var unavailable = await ReadUnitKeysAsync(connection, tx, notAvailable, step, cancellationToken);
        if (unavailable.Count > 0)
        {
            return new ChannelStepResult(ChannelStepOutcome.NotAvailable, count, [], unavailable);
        }

        await using (var apply = Command(connection, tx, ChannelQueries.Apply(step.Kind, fromBrand, "@shipment")))
        {
            AddStepParameters(apply, step);
            if (await apply.ExecuteNonQueryAsync(cancellationToken) != count)
            {
                // Only a first shipment from the brand can lose a race here (its rows did not exist to be locked): another
                // shipment inserted some of them meanwhile, and this statement now sees them.
                unavailable = await ReadUnitKeysAsync(connection, tx, notAvailable, step, cancellationToken);
                return new ChannelStepResult(ChannelStepOutcome.NotAvailable, count, [], unavailable);
            }
        }

        await using (var history = Command(connection, tx, ChannelQueries.AppendHistory(step.Kind, "@shipment")))
        {
            AddStepParameters(history, step);
            history.Parameters.AddWithValue("key", step.Event.Key);
            await history.ExecuteNonQueryAsync(cancellationToken);
        }

        await InsertChannelEventAsync(connection, tx, step, cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return new ChannelStepResult(ChannelStepOutcome.Applied, count, [], []);
    }

    public Task<ChannelState?> GetChannelStateAsync(string gtin, string serial, CancellationToken cancellationToken = default) =>
        ChannelRows.StateAsync(OpenReadAsync, gtin, serial, cancellationToken);

    public Task<IReadOnlyList<ChannelHistoryEntry>> GetChannelHistoryAsync(string gtin, string serial, CancellationToken cancellationToken = default) =>
        ChannelRows.HistoryAsync(OpenReadAsync, gtin, serial, cancellationToken);

    public Task<bool> WasShippedWithinAsync(string dealerId, string gtin, string serial, CancellationToken cancellationToken = default) =>
        ChannelRows.ShippedWithinAsync(OpenReadAsync, dealerId, gtin, serial, cancellationToken);

    private static void AddStepParameters(NpgsqlCommand command, ChannelStep step)
    {
        command.Parameters.Add(new NpgsqlParameter("dealer", NpgsqlDbType.Text) { Value = (object?)step.DealerId ?? DBNull.Value });
        command.Parameters.AddWithValue("at", EventBatch.Stored(step.OccurredAt).UtcDateTime);
        command.Parameters.AddWithValue("shipment", step.ShipmentId);
        if (step.Kind == ChannelStepKind.Shipping)
        {
            command.Parameters.AddWithValue("to", step.ToDealerId!);
        }
    }

    private static async Task<List<UnitKey>> ReadUnitKeysAsync(
        NpgsqlConnection connection, NpgsqlTransaction tx, string sql, ChannelStep step, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, tx, sql);
        command.Parameters.AddWithValue("limit", ChannelStepResult.MaxListed);
        command.Parameters.Add(new NpgsqlParameter("dealer", NpgsqlDbType.Text) { Value = (object?)step.DealerId ?? DBNull.Value });
        command.Parameters.AddWithValue("at", EventBatch.Stored(step.OccurredAt).UtcDateTime);
        return await command.ReadAllAsync(ChannelRows.Unit, cancellationToken);
    }

    private async Task InsertChannelEventAsync(NpgsqlConnection connection, NpgsqlTransaction tx, ChannelStep step, CancellationToken cancellationToken)
    {
        var e = step.Event;
        await using var insert = Command(connection, tx, """
            WITH event AS (
                INSERT INTO epcis_events (event_key, event_type, event_time, record_time, biz_step, content_hash, capture_id, event_json)
                VALUES (@key, @type, @time, @recorded, @step, @hash, @capture, @json::json)
                RETURNING event_key)
            INSERT INTO epcis_event_epcs (epc_key, role, event_key)
            SELECT DISTINCT u.epc, u.role, event.event_key FROM unnest(@epcs, @roles) AS u(epc, role), event
            ON CONFLICT DO NOTHING;
            """);
        insert.Parameters.AddWithValue("key", e.Key);
        insert.Parameters.AddWithValue("type", e.Type);
        insert.Parameters.AddWithValue("time", EventBatch.Stored(e.EventTime).UtcDateTime);
        insert.Parameters.AddWithValue("recorded", _time.GetUtcNow().UtcDateTime);
        insert.Parameters.Add(new NpgsqlParameter("step", NpgsqlDbType.Text) { Value = (object?)e.BizStep ?? DBNull.Value });
        insert.Parameters.AddWithValue("hash", e.ContentHash);
        insert.Parameters.AddWithValue("capture", step.ShipmentId);
        insert.Parameters.AddWithValue("json", NpgsqlDbType.Text, e.EventJson);
        insert.Parameters.AddWithValue("epcs", e.Epcs.Select(x => x.Key).ToArray());
        insert.Parameters.AddWithValue("roles", e.Epcs.Select(x => (short)x.Role).ToArray());
        await insert.ExecuteNonQueryAsync(cancellationToken);
    }
}
