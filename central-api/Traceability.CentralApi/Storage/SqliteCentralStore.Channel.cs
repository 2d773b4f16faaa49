using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Traceability.CentralApi.Storage;

/// <summary>The sales channel on SQLite: one writer, so a step's check and its writes cannot interleave with another's.</summary>
public sealed partial class SqliteCentralStore : IChannelStore
{
    public async Task<bool> CreateDealerAsync(DealerRecord dealer, CancellationToken cancellationToken = default)
    {
        ChannelArguments.Check(dealer);
        await using var connection = await OpenAsync(cancellationToken);
        await using var write = await BeginWriteAsync(connection, cancellationToken);
        var tx = write.Transaction;
        var parentPath = "/";
        if (dealer.ParentId is { } parentId)
        {
            await using var parent = Command(connection, tx, ChannelQueries.ParentPath);
            parent.Parameters.AddWithValue("@id", parentId);
            parentPath = (string?)await parent.ExecuteScalarAsync(cancellationToken)
                ?? throw new ArgumentException($"Parent dealer '{parentId}' does not exist.", nameof(dealer));
        }

        await using var insert = Command(connection, tx, """
            INSERT INTO dealers (dealer_id, name, parent_id, level, path, regions, created_at)
            VALUES (@id, @name, @parent, @level, @path, @regions, @at) ON CONFLICT (dealer_id) DO NOTHING;
            """);
        insert.Parameters.AddWithValue("@id", dealer.Id);
        insert.Parameters.AddWithValue("@name", dealer.Name);
        insert.Parameters.AddWithValue("@parent", Db(dealer.ParentId));
        insert.Parameters.AddWithValue("@level", (int)dealer.Level);
        insert.Parameters.AddWithValue("@path", parentPath + dealer.Id + "/");
        insert.Parameters.AddWithValue("@regions", JsonSerializer.Serialize(dealer.Regions));
        insert.Parameters.AddWithValue("@at", EventBatch.ToSqliteText(dealer.CreatedAt));
        var created = await insert.ExecuteNonQueryAsync(cancellationToken) == 1;
        await tx.CommitAsync(cancellationToken);
        return created;
    }

    public async Task<DealerRecord?> GetDealerAsync(string dealerId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dealerId);
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, null, ChannelQueries.Dealer);
        command.Parameters.AddWithValue("@id", dealerId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ChannelRows.Dealer(reader, 0) : null;
    }

    public async Task<ChannelStepResult> RecordChannelStepAsync(ChannelStep request, CancellationToken cancellationToken = default)
    {
        ChannelArguments.Check(request);
        var step = request;
        var fromBrand = step.DealerId is null;
        await using var connection = await OpenAsync(cancellationToken);
        await using var write = await BeginWriteAsync(connection, cancellationToken);
        var tx = write.Transaction;
        await ExecuteAsync(connection, tx, """
            CREATE TEMP TABLE IF NOT EXISTS channel_batch (gtin TEXT NOT NULL, serial TEXT NOT NULL, PRIMARY KEY (gtin, serial)) WITHOUT ROWID;
            DELETE FROM temp.channel_batch;
            """, cancellationToken);
        var ssccs = JsonSerializer.Serialize(step.Ssccs);
        await using (var units = Command(connection, tx, """
            INSERT OR IGNORE INTO channel_batch (gtin, serial) SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]') FROM json_each(@units);
            """))
        {
            units.Parameters.AddWithValue("@units", JsonSerializer.Serialize(step.Units.Select(u => new[] { u.Gtin, u.Serial })));
            await units.ExecuteNonQueryAsync(cancellationToken);
        }

        List<string> unknownSsccs;
        await using (var containers = Command(connection, tx, """
            SELECT value FROM json_each(@ssccs) WHERE NOT EXISTS (SELECT 1 FROM containers c WHERE c.sscc = value) ORDER BY value;
            """))
        {
            containers.Parameters.AddWithValue("@ssccs", ssccs);
            unknownSsccs = await containers.ReadAllAsync(reader => reader.GetString(0), cancellationToken);
        }

        await using (var explode = Command(connection, tx, ChannelQueries.Explode("SELECT 0, value FROM json_each(@ssccs)", "INSERT OR IGNORE INTO", "")))
        {
            explode.Parameters.AddWithValue("@ssccs", ssccs);
            await explode.ExecuteNonQueryAsync(cancellationToken);
        }

        int count;
        await using (var counter = Command(connection, tx, ChannelQueries.BatchCount))
        {
            count = Convert.ToInt32(await counter.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
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

        var unavailable = await ReadUnitKeysAsync(connection, tx, ChannelQueries.NotAvailable(step.Kind, fromBrand), step, cancellationToken);
        if (unavailable.Count > 0)
        {
            return new ChannelStepResult(ChannelStepOutcome.NotAvailable, count, [], unavailable);
        }

        await using (var apply = Command(connection, tx, ChannelQueries.Apply(step.Kind, fromBrand, "@shipment")))
        {
            AddStepParameters(apply, step);
            var moved = await apply.ExecuteNonQueryAsync(cancellationToken);
            if (moved != count)
            {
                throw new InvalidOperationException($"The channel step moved {moved} of {count} units checked in the same write transaction.");
            }
        }

        await using (var history = Command(connection, tx, ChannelQueries.AppendHistory(step.Kind, "@shipment")))
        {
            AddStepParameters(history, step);
            history.Parameters.AddWithValue("@key", step.Event.Key);
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

    private static void AddStepParameters(SqliteCommand command, ChannelStep step)
    {
        command.Parameters.AddWithValue("@dealer", Db(step.DealerId));
        command.Parameters.AddWithValue("@at", EventBatch.ToSqliteText(step.OccurredAt));
        command.Parameters.AddWithValue("@shipment", step.ShipmentId.ToString("D"));
        if (step.Kind == ChannelStepKind.Shipping)
        {
            command.Parameters.AddWithValue("@to", step.ToDealerId);
        }
    }

    private static async Task<List<UnitKey>> ReadUnitKeysAsync(
        SqliteConnection connection, SqliteTransaction tx, string sql, ChannelStep step, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, tx, sql);
        command.Parameters.AddWithValue("@limit", ChannelStepResult.MaxListed);
        command.Parameters.AddWithValue("@dealer", Db(step.DealerId));
        command.Parameters.AddWithValue("@at", EventBatch.ToSqliteText(step.OccurredAt));
        return await command.ReadAllAsync(ChannelRows.Unit, cancellationToken);
    }

    private async Task InsertChannelEventAsync(SqliteConnection connection, SqliteTransaction tx, ChannelStep step, CancellationToken cancellationToken)
    {
        var e = step.Event;
        var recorded = EventBatch.ToSqliteText(_time.GetUtcNow());
        await using (var insert = Command(connection, tx, """
            INSERT INTO epcis_events (event_key, event_type, event_time, record_time, biz_step, content_hash, capture_id, event_json)
            VALUES (@key, @type, @time, @recorded, @step, @hash, @capture, @json);
            """))
        {
            insert.Parameters.AddWithValue("@key", e.Key);
            insert.Parameters.AddWithValue("@type", e.Type);
            insert.Parameters.AddWithValue("@time", EventBatch.ToSqliteText(e.EventTime));
            insert.Parameters.AddWithValue("@recorded", recorded);
            insert.Parameters.AddWithValue("@step", Db(e.BizStep));
            insert.Parameters.AddWithValue("@hash", e.ContentHash);
            insert.Parameters.AddWithValue("@capture", step.ShipmentId.ToString("D"));
            insert.Parameters.AddWithValue("@json", e.EventJson);
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var index = Command(connection, tx, """
            INSERT OR IGNORE INTO epcis_event_epcs (epc_key, role, event_key)
            SELECT json_extract(value, '$[0]'), json_extract(value, '$[1]'), @key FROM json_each(@epcs);
            """);
        index.Parameters.AddWithValue("@key", e.Key);
        index.Parameters.AddWithValue("@epcs", JsonSerializer.Serialize(e.Epcs.Select(x => new object[] { x.Key, (int)x.Role })));
        await index.ExecuteNonQueryAsync(cancellationToken);
    }
}
