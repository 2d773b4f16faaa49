using System.Globalization;
using System.Text;
using Npgsql;
using NpgsqlTypes;
using Traceability.Core.Epcis;

namespace Traceability.CentralApi.Storage;

/// <summary>Captured EPCIS events and the read side of line events for the EPCIS export, on PostgreSQL.</summary>
public sealed partial class PostgresCentralStore : IEpcisStore
{
    public async Task<EpcisCaptureResult> CaptureAsync(EpcisCapture capture, CancellationToken cancellationToken = default)
    {
        EpcisStoreArguments.Check(capture);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        var recorded = capture.CreatedAt.UtcDateTime;
        await using var insert = Command(connection, tx, """
            INSERT INTO epcis_events (event_key, event_type, event_time, record_time, biz_step, content_hash, capture_id, event_json)
            VALUES (@key, @type, @time, @recorded, @step, @hash, @capture, @json::json)
            ON CONFLICT (event_key) DO NOTHING;
            """);
        var pKey = insert.Parameters.Add("key", NpgsqlDbType.Text);
        var pType = insert.Parameters.Add("type", NpgsqlDbType.Text);
        var pTime = insert.Parameters.Add("time", NpgsqlDbType.TimestampTz);
        insert.Parameters.AddWithValue("recorded", recorded);
        var pStep = insert.Parameters.Add("step", NpgsqlDbType.Text);
        var pHash = insert.Parameters.Add("hash", NpgsqlDbType.Text);
        insert.Parameters.AddWithValue("capture", capture.CaptureId);
        var pJson = insert.Parameters.Add("json", NpgsqlDbType.Text);
        await using var storedHash = Command(connection, tx, "SELECT content_hash FROM epcis_events WHERE event_key = @key;");
        var pStoredKey = storedHash.Parameters.Add("key", NpgsqlDbType.Text);
        await using var index = Command(connection, tx, """
            INSERT INTO epcis_event_epcs (epc_key, role, event_key)
            SELECT u.epc, u.role, @key FROM unnest(@epcs, @roles) AS u(epc, role)
            ON CONFLICT DO NOTHING;
            """);
        var pIndexKey = index.Parameters.Add("key", NpgsqlDbType.Text);
        var pEpcs = index.Parameters.Add("epcs", NpgsqlDbType.Array | NpgsqlDbType.Text);
        var pRoles = index.Parameters.Add("roles", NpgsqlDbType.Array | NpgsqlDbType.Smallint);

        // In key order: two captures inserting the same new keys in opposite orders would wait on each other (40P01).
        var stored = 0;
        var conflicts = new List<string>();
        foreach (var e in capture.Events.OrderBy(e => e.Key, Utf8Order.Instance))
        {
            (pKey.Value, pType.Value, pTime.Value, pStep.Value, pHash.Value, pJson.Value) =
                (e.Key, e.Type, EventBatch.Stored(e.EventTime).UtcDateTime, (object?)e.BizStep ?? DBNull.Value, e.ContentHash, e.EventJson);
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
            if (e.Epcs.Count > 0)
            {
                pIndexKey.Value = e.Key;
                pEpcs.Value = e.Epcs.Select(x => x.Key).ToArray();
                pRoles.Value = e.Epcs.Select(x => (short)x.Role).ToArray();
                await index.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        var lineIds = EpcisStoreArguments.LineEventIds(capture);
        if (lineIds.Count > 0)
        {
            await using var taken = Command(connection, tx, "SELECT event_id FROM events WHERE event_id = ANY(@ids);");
            taken.Parameters.AddWithValue("ids", lineIds.Keys.ToArray());
            await using var reader = await taken.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                conflicts.Add(lineIds[reader.GetGuid(0)]);
            }
        }

        if (conflicts.Count > 0)
        {
            await tx.RollbackAsync(cancellationToken);
            throw EpcisStoreArguments.Conflict(conflicts);
        }

        await using (var job = Command(connection, tx, """
            INSERT INTO epcis_captures (capture_id, created_at, event_count, stored_count, duplicate_count) VALUES (@id, @at, @count, @stored, @duplicates);
            """))
        {
            job.Parameters.AddWithValue("id", capture.CaptureId);
            job.Parameters.AddWithValue("at", recorded);
            job.Parameters.AddWithValue("count", capture.Events.Count);
            job.Parameters.AddWithValue("stored", stored);
            job.Parameters.AddWithValue("duplicates", capture.Events.Count - stored);
            await job.ExecuteNonQueryAsync(cancellationToken);
        }

        await tx.CommitAsync(cancellationToken);
        return new EpcisCaptureResult(stored, capture.Events.Count - stored);
    }

    public async Task<EpcisCaptureJob?> GetCaptureAsync(Guid captureId, CancellationToken cancellationToken = default)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = Command(connection, null, """
            SELECT created_at, event_count, stored_count, duplicate_count FROM epcis_captures WHERE capture_id = @id;
            """);
        command.Parameters.AddWithValue("id", captureId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? EpcisRows.CaptureJob(reader, captureId)
            : null;
    }

    public async Task<IReadOnlyList<CapturedEpcisEvent>> QueryCapturedAsync(CapturedEventQuery query, CancellationToken cancellationToken = default)
    {
        EpcisStoreArguments.Check(query);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = Command(connection, null, "");
        var sql = new StringBuilder("SELECT e.event_key, e.event_type, e.event_time, e.record_time, e.biz_step, e.event_json::text FROM epcis_events e WHERE true");
        if (query.Types is not null)
        {
            sql.Append(" AND e.event_type = ANY(@types)");
            command.Parameters.AddWithValue("types", query.Types.ToArray());
        }

        if (query.BizSteps is not null)
        {
            sql.Append(" AND e.biz_step = ANY(@steps)");
            command.Parameters.AddWithValue("steps", query.BizSteps.ToArray());
        }

        AddTimeRange(sql, command, "e.event_time", query.From, query.Before);
        if (query.After is { } after)
        {
            sql.Append(" AND (e.event_time, e.event_key) > (@afterTime, @afterKey)");
            command.Parameters.AddWithValue("afterTime", EventBatch.Stored(after.EventTime).UtcDateTime);
            command.Parameters.AddWithValue("afterKey", after.Key);
        }

        for (var i = 0; i < query.Epcs.Count; i++)
        {
            var c = query.Epcs[i];
            sql.Append(CultureInfo.InvariantCulture, $"""
                 AND EXISTS (SELECT 1 FROM epcis_event_epcs x WHERE x.event_key = e.event_key AND x.role = ANY(@roles{i})
                    AND (x.epc_key = ANY(@keys{i}) OR EXISTS (SELECT 1 FROM unnest(@prefixes{i}::text[]) p WHERE starts_with(x.epc_key, p))))
                """);
            command.Parameters.AddWithValue($"roles{i}", c.Roles.Select(r => (short)r).ToArray());
            command.Parameters.AddWithValue($"keys{i}", c.Keys.ToArray());
            command.Parameters.AddWithValue($"prefixes{i}", c.Prefixes.ToArray());
        }

        sql.Append(" ORDER BY e.event_time, e.event_key LIMIT @limit;");
        command.Parameters.AddWithValue("limit", query.Limit);
        command.CommandText = sql.ToString();
        return await command.ReadAllAsync(EpcisRows.Captured, cancellationToken);
    }

    public async Task<CapturedEpcisEvent?> GetCapturedAsync(string key, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = Command(connection, null, """
            SELECT event_key, event_type, event_time, record_time, biz_step, event_json::text FROM epcis_events WHERE event_key = @key;
            """);
        command.Parameters.AddWithValue("key", key);
        return (await command.ReadAllAsync(EpcisRows.Captured, cancellationToken)).FirstOrDefault();
    }

    public async Task<IReadOnlyList<StoredLineEvent>> QueryLineEventsAsync(LineEventQuery query, CancellationToken cancellationToken = default)
    {
        EpcisStoreArguments.Check(query);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = Command(connection, null, "");
        var sql = new StringBuilder("""
            SELECT e.line_id, e.event_id, e.sequence, e.type, e.occurred_at, e.gtin, e.serial, e.payload::text, e.received_at
            FROM events e WHERE e.type = ANY(@types)
            """);
        command.Parameters.AddWithValue("types", query.Types.ToArray());
        AddTimeRange(sql, command, "e.occurred_at", query.From, query.Before);
        if (query.AtOrAfter is { } at)
        {
            sql.Append(" AND (e.occurred_at, ('urn:uuid:' || e.event_id::text) COLLATE \"C\") >= (@atTime, @atKey COLLATE \"C\")");
            command.Parameters.AddWithValue("atTime", EventBatch.Stored(at.EventTime).UtcDateTime);
            command.Parameters.AddWithValue("atKey", at.Key);
        }

        // The payload is searched with a JSON path for any "serial", "sscc", "parentSscc" or "gtin" member: a superset of
        // the events whose export names the identifier (the caller filters exactly). A full scan of the event types
        // asked for; see docs/epcis.md for the index this should become.
        for (var i = 0; i < query.Epcs.Count; i++)
        {
            var c = query.Epcs[i];
            sql.Append(CultureInfo.InvariantCulture, $"""
                 AND (e.serial = ANY(@serials{i}) OR e.gtin = ANY(@gtins{i})
                      OR EXISTS (SELECT 1 FROM jsonb_path_query(e.payload, '$.**.serial') v WHERE v #>> ARRAY[]::text[] = ANY(@serials{i}))
                      OR EXISTS (SELECT 1 FROM jsonb_path_query(e.payload, '$.**.sscc') v WHERE v #>> ARRAY[]::text[] = ANY(@ssccs{i}))
                      OR EXISTS (SELECT 1 FROM jsonb_path_query(e.payload, '$.**.parentSscc') v WHERE v #>> ARRAY[]::text[] = ANY(@ssccs{i}))
                      OR EXISTS (SELECT 1 FROM jsonb_path_query(e.payload, '$.**.gtin') v WHERE v #>> ARRAY[]::text[] = ANY(@gtins{i})))
                """);
            command.Parameters.AddWithValue($"serials{i}", c.Serials.ToArray());
            command.Parameters.AddWithValue($"ssccs{i}", c.Ssccs.ToArray());
            command.Parameters.AddWithValue($"gtins{i}", c.Gtins.ToArray());
        }

        sql.Append(" ORDER BY e.occurred_at, ('urn:uuid:' || e.event_id::text) COLLATE \"C\" LIMIT @limit;");
        command.Parameters.AddWithValue("limit", query.Limit);
        command.CommandText = sql.ToString();
        return await command.ReadAllAsync(EpcisRows.LineEvent, cancellationToken);
    }

    public async Task<StoredLineEvent?> GetLineEventAsync(Guid eventId, CancellationToken cancellationToken = default)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = Command(connection, null, """
            SELECT line_id, event_id, sequence, type, occurred_at, gtin, serial, payload::text, received_at FROM events WHERE event_id = @id;
            """);
        command.Parameters.AddWithValue("id", eventId);
        return (await command.ReadAllAsync(EpcisRows.LineEvent, cancellationToken)).FirstOrDefault();
    }

    public async Task<IReadOnlyList<string>> GetCompanyPrefixesAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = Command(connection, null, "SELECT DISTINCT substr(gtin, 2, company_prefix_length) FROM products ORDER BY 1;");
        return await command.ReadAllAsync(reader => reader.GetString(0), cancellationToken);
    }

    private static void AddTimeRange(StringBuilder sql, NpgsqlCommand command, string column, DateTimeOffset? from, DateTimeOffset? before)
    {
        if (from is { } f)
        {
            sql.Append(CultureInfo.InvariantCulture, $" AND {column} >= @from");
            command.Parameters.AddWithValue("from", EventBatch.Stored(f).UtcDateTime);
        }

        if (before is { } b)
        {
            sql.Append(CultureInfo.InvariantCulture, $" AND {column} < @before");
            command.Parameters.AddWithValue("before", EventBatch.Stored(b).UtcDateTime);
        }
    }
}
