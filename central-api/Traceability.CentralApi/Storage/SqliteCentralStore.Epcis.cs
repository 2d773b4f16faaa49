using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Traceability.Core.Epcis;

namespace Traceability.CentralApi.Storage;

/// <summary>Captured EPCIS events and the read side of line events for the EPCIS export, on SQLite.</summary>
public sealed partial class SqliteCentralStore : IEpcisStore
{
    public async Task<EpcisCaptureResult> CaptureAsync(EpcisCapture capture, CancellationToken cancellationToken = default)
    {
        EpcisStoreArguments.Check(capture);
        await using var connection = await OpenAsync(cancellationToken);
        await using var tx = connection.BeginTransaction(deferred: false);
        var recorded = EventBatch.ToSqliteText(capture.CreatedAt);
        await using var insert = Command(connection, tx, """
            INSERT INTO epcis_events (event_key, event_type, event_time, record_time, biz_step, content_hash, capture_id, event_json)
            VALUES ($key, $type, $time, $recorded, $step, $hash, $capture, $json)
            ON CONFLICT (event_key) DO NOTHING;
            """);
        var pKey = insert.Parameters.Add("$key", SqliteType.Text);
        var pType = insert.Parameters.Add("$type", SqliteType.Text);
        var pTime = insert.Parameters.Add("$time", SqliteType.Text);
        insert.Parameters.AddWithValue("$recorded", recorded);
        var pStep = insert.Parameters.Add("$step", SqliteType.Text);
        var pHash = insert.Parameters.Add("$hash", SqliteType.Text);
        insert.Parameters.AddWithValue("$capture", capture.CaptureId.ToString("D"));
        var pJson = insert.Parameters.Add("$json", SqliteType.Text);
        insert.Prepare();
        await using var storedHash = Command(connection, tx, "SELECT content_hash FROM epcis_events WHERE event_key = $key;");
        var pStoredKey = storedHash.Parameters.Add("$key", SqliteType.Text);
        await using var index = Command(connection, tx, "INSERT OR IGNORE INTO epcis_event_epcs (epc_key, role, event_key) VALUES ($epc, $role, $key);");
        var pEpc = index.Parameters.Add("$epc", SqliteType.Text);
        var pRole = index.Parameters.Add("$role", SqliteType.Integer);
        var pIndexKey = index.Parameters.Add("$key", SqliteType.Text);
        index.Prepare();

        var stored = 0;
        var conflicts = new List<string>();
        foreach (var e in capture.Events)
        {
            (pKey.Value, pType.Value, pTime.Value, pStep.Value, pHash.Value, pJson.Value) =
                (e.Key, e.Type, EventBatch.ToSqliteText(e.EventTime), (object?)e.BizStep ?? DBNull.Value, e.ContentHash, e.EventJson);
            if (await insert.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                pStoredKey.Value = e.Key;
                if (!string.Equals((string?)await storedHash.ExecuteScalarAsync(cancellationToken), e.ContentHash, StringComparison.Ordinal))
                {
                    conflicts.Add(e.Key);
                }

                continue;
            }

            stored++;
            pIndexKey.Value = e.Key;
            foreach (var epc in e.Epcs)
            {
                (pEpc.Value, pRole.Value) = (epc.Key, (int)epc.Role);
                await index.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        var lineIds = EpcisStoreArguments.LineEventIds(capture);
        if (lineIds.Count > 0)
        {
            await using var taken = Command(connection, tx, "SELECT event_id FROM events WHERE event_id IN (SELECT value FROM json_each($ids));");
            taken.Parameters.AddWithValue("$ids", JsonSerializer.Serialize(lineIds.Keys.Select(g => g.ToString("D"))));
            await using var reader = await taken.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                conflicts.Add(lineIds[Guid.Parse(reader.GetString(0), CultureInfo.InvariantCulture)]);
            }
        }

        if (conflicts.Count > 0)
        {
            await tx.RollbackAsync(cancellationToken);
            throw EpcisStoreArguments.Conflict(conflicts);
        }

        await using (var job = Command(connection, tx, """
            INSERT INTO epcis_captures (capture_id, created_at, event_count, stored_count, duplicate_count) VALUES ($id, $at, $count, $stored, $duplicates);
            """))
        {
            job.Parameters.AddWithValue("$id", capture.CaptureId.ToString("D"));
            job.Parameters.AddWithValue("$at", recorded);
            job.Parameters.AddWithValue("$count", capture.Events.Count);
            job.Parameters.AddWithValue("$stored", stored);
            job.Parameters.AddWithValue("$duplicates", capture.Events.Count - stored);
            await job.ExecuteNonQueryAsync(cancellationToken);
        }

        await tx.CommitAsync(cancellationToken);
        return new EpcisCaptureResult(stored, capture.Events.Count - stored);
    }

    public async Task<EpcisCaptureJob?> GetCaptureAsync(Guid captureId, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, null, """
            SELECT created_at, event_count, stored_count, duplicate_count FROM epcis_captures WHERE capture_id = $id;
            """);
        command.Parameters.AddWithValue("$id", captureId.ToString("D"));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? EpcisRows.CaptureJob(reader, captureId)
            : null;
    }

    public async Task<IReadOnlyList<CapturedEpcisEvent>> QueryCapturedAsync(CapturedEventQuery query, CancellationToken cancellationToken = default)
    {
        EpcisStoreArguments.Check(query);
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, null, "");
        var sql = new StringBuilder("SELECT e.event_key, e.event_type, e.event_time, e.record_time, e.biz_step, e.event_json FROM epcis_events e WHERE 1 = 1");
        if (query.Types is not null)
        {
            sql.Append(" AND e.event_type IN (SELECT value FROM json_each($types))");
            command.Parameters.AddWithValue("$types", JsonSerializer.Serialize(query.Types));
        }

        if (query.BizSteps is not null)
        {
            sql.Append(" AND e.biz_step IN (SELECT value FROM json_each($steps))");
            command.Parameters.AddWithValue("$steps", JsonSerializer.Serialize(query.BizSteps));
        }

        AddTimeRange(sql, command, "e.event_time", query.From, query.Before);
        if (query.After is { } after)
        {
            sql.Append(" AND (e.event_time, e.event_key) > ($afterTime, $afterKey)");
            command.Parameters.AddWithValue("$afterTime", EventBatch.ToSqliteText(after.EventTime));
            command.Parameters.AddWithValue("$afterKey", after.Key);
        }

        for (var i = 0; i < query.Epcs.Count; i++)
        {
            var c = query.Epcs[i];
            sql.Append(CultureInfo.InvariantCulture, $"""
                 AND EXISTS (SELECT 1 FROM epcis_event_epcs x WHERE x.event_key = e.event_key
                    AND x.role IN (SELECT value FROM json_each($roles{i}))
                    AND (x.epc_key IN (SELECT value FROM json_each($keys{i}))
                         OR EXISTS (SELECT 1 FROM json_each($prefixes{i}) p WHERE substr(x.epc_key, 1, length(p.value)) = p.value)))
                """);
            command.Parameters.AddWithValue($"$roles{i}", JsonSerializer.Serialize(c.Roles.Select(r => (int)r)));
            command.Parameters.AddWithValue($"$keys{i}", JsonSerializer.Serialize(c.Keys));
            command.Parameters.AddWithValue($"$prefixes{i}", JsonSerializer.Serialize(c.Prefixes));
        }

        sql.Append(" ORDER BY e.event_time, e.event_key LIMIT $limit;");
        command.Parameters.AddWithValue("$limit", query.Limit);
        command.CommandText = sql.ToString();
        return await command.ReadAllAsync(EpcisRows.Captured, cancellationToken);
    }

    public async Task<CapturedEpcisEvent?> GetCapturedAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, null, """
            SELECT event_key, event_type, event_time, record_time, biz_step, event_json FROM epcis_events WHERE event_key = $key;
            """);
        command.Parameters.AddWithValue("$key", key);
        return (await command.ReadAllAsync(EpcisRows.Captured, cancellationToken)).FirstOrDefault();
    }

    public async Task<IReadOnlyList<StoredLineEvent>> QueryLineEventsAsync(LineEventQuery query, CancellationToken cancellationToken = default)
    {
        EpcisStoreArguments.Check(query);
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, null, "");
        var sql = new StringBuilder("""
            SELECT e.line_id, e.event_id, e.sequence, e.type, e.occurred_at, e.gtin, e.serial, e.payload, e.received_at
            FROM events e WHERE e.type IN (SELECT value FROM json_each($types))
            """);
        command.Parameters.AddWithValue("$types", JsonSerializer.Serialize(query.Types));
        AddTimeRange(sql, command, "e.occurred_at", query.From, query.Before);
        if (query.AtOrAfter is { } at)
        {
            sql.Append(" AND (e.occurred_at, 'urn:uuid:' || e.event_id) >= ($atTime, $atKey)");
            command.Parameters.AddWithValue("$atTime", EventBatch.ToSqliteText(at.EventTime));
            command.Parameters.AddWithValue("$atKey", at.Key);
        }

        // The payload is searched with json_tree for any "serial", "sscc", "parentSscc" or "gtin" member: a superset of
        // the events whose export names the identifier (the caller filters exactly). A full scan of the event types
        // asked for; see docs/epcis.md for the index this should become.
        for (var i = 0; i < query.Epcs.Count; i++)
        {
            var c = query.Epcs[i];
            sql.Append(CultureInfo.InvariantCulture, $"""
                 AND (e.serial IN (SELECT value FROM json_each($serials{i})) OR e.gtin IN (SELECT value FROM json_each($gtins{i}))
                      OR EXISTS (SELECT 1 FROM json_tree(e.payload) j WHERE j.type = 'text' AND (
                            (j.key = 'serial' AND j.atom IN (SELECT value FROM json_each($serials{i})))
                         OR (j.key IN ('sscc', 'parentSscc') AND j.atom IN (SELECT value FROM json_each($ssccs{i})))
                         OR (j.key = 'gtin' AND j.atom IN (SELECT value FROM json_each($gtins{i}))))))
                """);
            command.Parameters.AddWithValue($"$serials{i}", JsonSerializer.Serialize(c.Serials));
            command.Parameters.AddWithValue($"$ssccs{i}", JsonSerializer.Serialize(c.Ssccs));
            command.Parameters.AddWithValue($"$gtins{i}", JsonSerializer.Serialize(c.Gtins));
        }

        sql.Append(" ORDER BY e.occurred_at, 'urn:uuid:' || e.event_id LIMIT $limit;");
        command.Parameters.AddWithValue("$limit", query.Limit);
        command.CommandText = sql.ToString();
        return await command.ReadAllAsync(EpcisRows.LineEvent, cancellationToken);
    }

    public async Task<StoredLineEvent?> GetLineEventAsync(Guid eventId, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, null, """
            SELECT line_id, event_id, sequence, type, occurred_at, gtin, serial, payload, received_at FROM events WHERE event_id = $id;
            """);
        command.Parameters.AddWithValue("$id", eventId.ToString("D"));
        return (await command.ReadAllAsync(EpcisRows.LineEvent, cancellationToken)).FirstOrDefault();
    }

    public async Task<IReadOnlyList<string>> GetCompanyPrefixesAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var command = Command(connection, null, "SELECT DISTINCT substr(gtin, 2, company_prefix_length) FROM products ORDER BY 1;");
        return await command.ReadAllAsync(reader => reader.GetString(0), cancellationToken);
    }

    private static void AddTimeRange(StringBuilder sql, SqliteCommand command, string column, DateTimeOffset? from, DateTimeOffset? before)
    {
        if (from is { } f)
        {
            sql.Append(CultureInfo.InvariantCulture, $" AND {column} >= $from");
            command.Parameters.AddWithValue("$from", EventBatch.ToSqliteText(f));
        }

        if (before is { } b)
        {
            sql.Append(CultureInfo.InvariantCulture, $" AND {column} < $before");
            command.Parameters.AddWithValue("$before", EventBatch.ToSqliteText(b));
        }
    }
}
