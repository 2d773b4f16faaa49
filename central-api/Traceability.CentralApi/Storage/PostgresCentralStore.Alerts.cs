using Npgsql;
using NpgsqlTypes;
using Traceability.CentralApi.Alerts;

namespace Traceability.CentralApi.Storage;

public sealed partial class PostgresCentralStore : IAlertStore
{
    private const string AlertColumns =
        "alert_id, kind, status, gtin, serial, raised_at, summary, evidence::text, dedup_key, acknowledged_by, acknowledged_at, ack_note";

    public async Task<RaisedAlert> RaiseAlertAsync(NewAlert alert, CancellationToken cancellationToken = default)
    {
        AlertArguments.Check(alert);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        int inserted;
        await using (var insert = Command(connection, tx, """
            INSERT INTO alerts (alert_id, kind, status, gtin, serial, raised_at, summary, evidence, dedup_key)
            VALUES (@id, @kind, 'open', @gtin, @serial, @at, @summary, @evidence, @dedup)
            ON CONFLICT DO NOTHING;
            """))
        {
            insert.Parameters.AddWithValue("id", alert.AlertId);
            insert.Parameters.AddWithValue("kind", alert.Kind.Value);
            insert.Parameters.Add(new NpgsqlParameter<string?>("gtin", NpgsqlDbType.Text) { TypedValue = alert.Gtin });
            insert.Parameters.Add(new NpgsqlParameter<string?>("serial", NpgsqlDbType.Text) { TypedValue = alert.Serial });
            insert.Parameters.AddWithValue("at", EventBatch.Stored(alert.RaisedAt).UtcDateTime);
            insert.Parameters.AddWithValue("summary", alert.Summary);
            insert.Parameters.AddWithValue("evidence", NpgsqlDbType.Jsonb, alert.Evidence);
            insert.Parameters.Add(new NpgsqlParameter<string?>("dedup", NpgsqlDbType.Text) { TypedValue = alert.DedupKey });
            inserted = await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        if (inserted == 1)
        {
            await InsertDeliveriesAsync(connection, tx, alert, cancellationToken);
        }

        // Not inserted: the open alert with this dedup key (committed by whoever won) is the answer.
        var stored = inserted == 1
            ? await ReadAlertAsync(connection, "alert_id = @key", alert.AlertId, cancellationToken, tx)
            : alert.DedupKey is null ? null : await ReadAlertAsync(connection, "dedup_key = @key AND status = 'open'", alert.DedupKey, cancellationToken, tx);
        await tx.CommitAsync(cancellationToken);
        return new RaisedAlert(stored ?? throw new InvalidOperationException($"Alert id {alert.AlertId} exists already."), inserted == 1);
    }

    public async Task<AlertRecord?> GetAlertAsync(Guid alertId, CancellationToken cancellationToken = default)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        return await ReadAlertAsync(connection, "alert_id = @key", alertId, cancellationToken);
    }

    public async Task<AlertPage> ListAlertsAsync(AlertQuery query, CancellationToken cancellationToken = default)
    {
        AlertArguments.Check(query);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var select = Command(connection, null, $"""
            SELECT {AlertColumns} FROM alerts
            WHERE (@kind::text IS NULL OR kind = @kind::text) AND (@status::text IS NULL OR status = @status::text)
              AND (@afterAt::timestamptz IS NULL OR (raised_at, alert_id) < (@afterAt::timestamptz, @afterId::uuid))
            ORDER BY raised_at DESC, alert_id DESC
            LIMIT @limit;
            """);
        select.Parameters.Add(new NpgsqlParameter<string?>("kind", NpgsqlDbType.Text) { TypedValue = query.Kind?.Value });
        select.Parameters.Add(new NpgsqlParameter<string?>("status", NpgsqlDbType.Text) { TypedValue = query.Status is { } s ? AlertArguments.Stored(s) : null });
        select.Parameters.Add(new NpgsqlParameter<DateTime?>("afterAt", NpgsqlDbType.TimestampTz) { TypedValue = query.After?.RaisedAt.UtcDateTime });
        select.Parameters.Add(new NpgsqlParameter<Guid?>("afterId", NpgsqlDbType.Uuid) { TypedValue = query.After?.AlertId });
        select.Parameters.AddWithValue("limit", query.Limit + 1);
        var alerts = new List<AlertRecord>(query.Limit + 1);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            alerts.Add(AlertRows.Read(reader));
        }

        return AlertPaging.Page(alerts, query.Limit);
    }

    public async Task<AcknowledgeResult> AcknowledgeAlertAsync(
        Guid alertId, string acknowledgedBy, DateTimeOffset acknowledgedAt, string? note, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(acknowledgedBy);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        int updated;
        await using (var update = Command(connection, tx, """
            UPDATE alerts SET status = 'acknowledged', acknowledged_by = @by, acknowledged_at = @at, ack_note = @note
            WHERE alert_id = @id AND status = 'open';
            """))
        {
            update.Parameters.AddWithValue("id", alertId);
            update.Parameters.AddWithValue("by", acknowledgedBy);
            update.Parameters.AddWithValue("at", EventBatch.Stored(acknowledgedAt).UtcDateTime);
            update.Parameters.Add(new NpgsqlParameter<string?>("note", NpgsqlDbType.Text) { TypedValue = note });
            updated = await update.ExecuteNonQueryAsync(cancellationToken);
        }

        var alert = await ReadAlertAsync(connection, "alert_id = @key", alertId, cancellationToken, tx);
        await tx.CommitAsync(cancellationToken);
        return AlertPaging.Acknowledged(updated == 1, alert);
    }

    public async Task<IReadOnlyList<AlertKindCount>> CountOpenAlertsByKindAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var select = Command(connection, null, """
            SELECT kind, COUNT(*) AS n FROM alerts WHERE status = 'open' GROUP BY kind ORDER BY n DESC, kind COLLATE "C";
            """);
        return await select.ReadAllAsync(AlertRows.KindCount, cancellationToken);
    }

    private static async Task<AlertRecord?> ReadAlertAsync<TKey>(
        NpgsqlConnection connection, string where, TKey key, CancellationToken cancellationToken, NpgsqlTransaction? tx = null)
    {
        await using var select = Command(connection, tx, $"SELECT {AlertColumns} FROM alerts WHERE {where};");
        select.Parameters.Add(new NpgsqlParameter<TKey>("key", key));
        return await select.ReadFirstOrNullAsync(AlertRows.Read, cancellationToken);
    }
}
