using Microsoft.Data.Sqlite;
using Traceability.CentralApi.Alerts;

namespace Traceability.CentralApi.Storage;

public sealed partial class SqliteCentralStore : IAlertStore
{
    private const string AlertColumns =
        "alert_id, kind, status, gtin, serial, raised_at, summary, evidence, dedup_key, acknowledged_by, acknowledged_at, ack_note";

    public async Task<RaisedAlert> RaiseAlertAsync(NewAlert alert, CancellationToken cancellationToken = default)
    {
        AlertArguments.Check(alert);
        await using var connection = await OpenAsync(cancellationToken);
        await using var write = await BeginWriteAsync(connection, cancellationToken);
        var tx = write.Transaction;
        int inserted;
        await using (var insert = Command(connection, tx, $"""
            INSERT INTO alerts ({AlertColumns})
            VALUES ($id, $kind, 'open', $gtin, $serial, $at, $summary, $evidence, $dedup, NULL, NULL, NULL)
            ON CONFLICT DO NOTHING;
            """))
        {
            insert.Parameters.AddWithValue("$id", alert.AlertId.ToString("D"));
            insert.Parameters.AddWithValue("$kind", alert.Kind.Value);
            insert.Parameters.AddWithValue("$gtin", (object?)alert.Gtin ?? DBNull.Value);
            insert.Parameters.AddWithValue("$serial", (object?)alert.Serial ?? DBNull.Value);
            insert.Parameters.AddWithValue("$at", EventBatch.ToSqliteText(alert.RaisedAt));
            insert.Parameters.AddWithValue("$summary", alert.Summary);
            insert.Parameters.AddWithValue("$evidence", alert.Evidence);
            insert.Parameters.AddWithValue("$dedup", (object?)alert.DedupKey ?? DBNull.Value);
            inserted = await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        AlertRecord? stored;
        if (inserted == 1)
        {
            await InsertDeliveriesAsync(connection, tx, alert, cancellationToken);
            stored = await ReadAlertAsync(connection, tx, "alert_id = $key", alert.AlertId.ToString("D"), cancellationToken);
        }
        else
        {
            stored = alert.DedupKey is null ? null : await ReadAlertAsync(connection, tx, "dedup_key = $key AND status = 'open'", alert.DedupKey, cancellationToken);
        }

        await tx.CommitAsync(cancellationToken);
        return new RaisedAlert(stored ?? throw new InvalidOperationException($"Alert id {alert.AlertId} exists already."), inserted == 1);
    }

    public async Task<AlertRecord?> GetAlertAsync(Guid alertId, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        return await ReadAlertAsync(connection, null, "alert_id = $key", alertId.ToString("D"), cancellationToken);
    }

    public async Task<AlertPage> ListAlertsAsync(AlertQuery query, CancellationToken cancellationToken = default)
    {
        AlertArguments.Check(query);
        await using var connection = await OpenAsync(cancellationToken);
        await using var select = Command(connection, null, $"""
            SELECT {AlertColumns} FROM alerts
            WHERE ($kind IS NULL OR kind = $kind) AND ($status IS NULL OR status = $status)
              AND ($afterAt IS NULL OR (raised_at, alert_id) < ($afterAt, $afterId))
            ORDER BY raised_at DESC, alert_id DESC
            LIMIT $limit;
            """);
        select.Parameters.AddWithValue("$kind", (object?)query.Kind?.Value ?? DBNull.Value);
        select.Parameters.AddWithValue("$status", query.Status is { } status ? AlertArguments.Stored(status) : DBNull.Value);
        select.Parameters.AddWithValue("$afterAt", query.After is { } after ? EventBatch.ToSqliteText(after.RaisedAt) : DBNull.Value);
        select.Parameters.AddWithValue("$afterId", (object?)query.After?.AlertId.ToString("D") ?? DBNull.Value);
        select.Parameters.AddWithValue("$limit", query.Limit + 1);
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
        await using var connection = await OpenAsync(cancellationToken);
        await using var write = await BeginWriteAsync(connection, cancellationToken);
        var tx = write.Transaction;
        int updated;
        await using (var update = Command(connection, tx, """
            UPDATE alerts SET status = 'acknowledged', acknowledged_by = $by, acknowledged_at = $at, ack_note = $note
            WHERE alert_id = $id AND status = 'open';
            """))
        {
            update.Parameters.AddWithValue("$id", alertId.ToString("D"));
            update.Parameters.AddWithValue("$by", acknowledgedBy);
            update.Parameters.AddWithValue("$at", EventBatch.ToSqliteText(acknowledgedAt));
            update.Parameters.AddWithValue("$note", (object?)note ?? DBNull.Value);
            updated = await update.ExecuteNonQueryAsync(cancellationToken);
        }

        var alert = await ReadAlertAsync(connection, tx, "alert_id = $key", alertId.ToString("D"), cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return AlertPaging.Acknowledged(updated == 1, alert);
    }

    public async Task<IReadOnlyList<AlertKindCount>> CountOpenAlertsByKindAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var select = Command(connection, null, """
            SELECT kind, COUNT(*) AS n FROM alerts WHERE status = 'open' GROUP BY kind ORDER BY n DESC, kind;
            """);
        return await select.ReadAllAsync(AlertRows.KindCount, cancellationToken);
    }

    private static async Task<AlertRecord?> ReadAlertAsync(
        SqliteConnection connection, SqliteTransaction? tx, string where, string key, CancellationToken cancellationToken)
    {
        await using var select = Command(connection, tx, $"SELECT {AlertColumns} FROM alerts WHERE {where};");
        select.Parameters.AddWithValue("$key", key);
        return await select.ReadFirstOrNullAsync(AlertRows.Read, cancellationToken);
    }
}
