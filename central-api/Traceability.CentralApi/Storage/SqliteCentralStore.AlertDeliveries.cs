using Microsoft.Data.Sqlite;
using Traceability.CentralApi.Alerts;

namespace Traceability.CentralApi.Storage;

public sealed partial class SqliteCentralStore : IAlertDeliveryStore
{
    private static readonly string JoinedAlertColumns = string.Join(", ", AlertColumns.Split(", ").Select(c => "a." + c));

    public async Task<IReadOnlyList<ClaimedDelivery>> ClaimDueDeliveriesAsync(
        string webhookId, DateTimeOffset now, TimeSpan lease, int limit, CancellationToken cancellationToken = default)
    {
        AlertDeliveryArguments.CheckClaim(webhookId, lease, limit);
        var claim = Guid.NewGuid();
        await using var connection = await OpenAsync(cancellationToken);
        await using var write = await BeginWriteAsync(connection, cancellationToken);
        var tx = write.Transaction;
        await using (var update = Command(connection, tx, """
            UPDATE alert_deliveries SET lease_owner = $claim, lease_until = $until
            WHERE delivery_id IN (
                SELECT delivery_id FROM alert_deliveries
                WHERE webhook_id = $hook AND state = 'pending' AND next_attempt_at <= $now AND (lease_until IS NULL OR lease_until <= $now)
                ORDER BY next_attempt_at, delivery_id
                LIMIT $limit);
            """))
        {
            update.Parameters.AddWithValue("$claim", claim.ToString("D"));
            update.Parameters.AddWithValue("$until", EventBatch.ToSqliteText(now + lease));
            update.Parameters.AddWithValue("$hook", webhookId);
            update.Parameters.AddWithValue("$now", EventBatch.ToSqliteText(now));
            update.Parameters.AddWithValue("$limit", limit);
            await update.ExecuteNonQueryAsync(cancellationToken);
        }

        var claimed = new List<ClaimedDelivery>();
        await using (var select = Command(connection, tx, $"""
            SELECT {JoinedAlertColumns}, {AlertDeliveryRows.Columns}
            FROM alert_deliveries d JOIN alerts a ON a.alert_id = d.alert_id
            WHERE d.lease_owner = $claim
            ORDER BY d.next_attempt_at, d.delivery_id;
            """))
        {
            select.Parameters.AddWithValue("$claim", claim.ToString("D"));
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                claimed.Add(new ClaimedDelivery(AlertDeliveryRows.Read(reader, 12), AlertRows.Read(reader), claim));
            }
        }

        await tx.CommitAsync(cancellationToken);
        return claimed;
    }

    public async Task<bool> RecordDeliveryAttemptAsync(DeliveryAttempt attempt, CancellationToken cancellationToken = default)
    {
        AlertDeliveryArguments.Check(attempt);
        await using var connection = await OpenAsync(cancellationToken);
        await using var write = await BeginWriteAsync(connection, cancellationToken);
        var tx = write.Transaction;
        int updated;
        await using (var update = Command(connection, tx, """
            UPDATE alert_deliveries
            SET state = $state, attempts = attempts + 1, last_attempt_at = $at, last_status = $status, last_error = $error,
                next_attempt_at = $next, delivered_at = $delivered, lease_owner = NULL, lease_until = NULL
            WHERE delivery_id = $id AND lease_owner = $claim AND state = 'pending';
            """))
        {
            update.Parameters.AddWithValue("$id", attempt.DeliveryId.ToString("D"));
            update.Parameters.AddWithValue("$claim", attempt.Claim.ToString("D"));
            update.Parameters.AddWithValue("$state", AlertDeliveryArguments.Stored(attempt.State));
            update.Parameters.AddWithValue("$at", EventBatch.ToSqliteText(attempt.At));
            update.Parameters.AddWithValue("$status", (object?)attempt.StatusCode ?? DBNull.Value);
            update.Parameters.AddWithValue("$error", (object?)AlertDeliveryArguments.Bounded(attempt.Error) ?? DBNull.Value);
            update.Parameters.AddWithValue("$next", attempt.NextAttemptAt is { } next ? EventBatch.ToSqliteText(next) : DBNull.Value);
            update.Parameters.AddWithValue("$delivered", attempt.State == DeliveryState.Delivered ? EventBatch.ToSqliteText(attempt.At) : DBNull.Value);
            updated = await update.ExecuteNonQueryAsync(cancellationToken);
        }

        await tx.CommitAsync(cancellationToken);
        return updated == 1;
    }

    public async Task<int> AbandonDeliveriesAsync(IReadOnlyCollection<string> configuredWebhookIds, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(configuredWebhookIds);
        await using var connection = await OpenAsync(cancellationToken);
        await using var write = await BeginWriteAsync(connection, cancellationToken);
        var tx = write.Transaction;
        int abandoned;
        await using (var update = Command(connection, tx, """
            UPDATE alert_deliveries SET state = 'abandoned', next_attempt_at = NULL, lease_owner = NULL, lease_until = NULL,
                last_error = 'webhook ' || webhook_id || ' is no longer configured (' || $at || ')'
            WHERE state = 'pending' AND webhook_id NOT IN (SELECT value FROM json_each($ids));
            """))
        {
            update.Parameters.AddWithValue("$ids", System.Text.Json.JsonSerializer.Serialize(configuredWebhookIds));
            update.Parameters.AddWithValue("$at", EventBatch.ToSqliteText(at));
            abandoned = await update.ExecuteNonQueryAsync(cancellationToken);
        }

        await tx.CommitAsync(cancellationToken);
        return abandoned;
    }

    public async Task<AlertDeliveryRecord?> GetDeliveryAsync(Guid deliveryId, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var select = Command(connection, null, $"SELECT {AlertDeliveryRows.Columns} FROM alert_deliveries d WHERE d.delivery_id = $id;");
        select.Parameters.AddWithValue("$id", deliveryId.ToString("D"));
        return (await select.ReadAllAsync(AlertDeliveryRows.Read, cancellationToken)).SingleOrDefault();
    }

    public async Task<IReadOnlyList<AlertDeliveryRecord>> GetAlertDeliveriesAsync(Guid alertId, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var select = Command(connection, null, $"SELECT {AlertDeliveryRows.Columns} FROM alert_deliveries d WHERE d.alert_id = $id ORDER BY d.webhook_id;");
        select.Parameters.AddWithValue("$id", alertId.ToString("D"));
        return await select.ReadAllAsync(AlertDeliveryRows.Read, cancellationToken);
    }

    public async Task<IReadOnlyList<AlertDeliveryRecord>> ListDeliveriesAsync(DeliveryQuery query, CancellationToken cancellationToken = default)
    {
        AlertDeliveryArguments.Check(query);
        await using var connection = await OpenAsync(cancellationToken);
        await using var select = Command(connection, null, $"""
            SELECT {AlertDeliveryRows.Columns} FROM alert_deliveries d
            WHERE ($state IS NULL OR d.state = $state) AND ($after IS NULL OR d.delivery_id < $after)
            ORDER BY d.delivery_id DESC
            LIMIT $limit;
            """);
        select.Parameters.AddWithValue("$state", query.State is { } state ? AlertDeliveryArguments.Stored(state) : DBNull.Value);
        select.Parameters.AddWithValue("$after", (object?)query.After?.ToString("D") ?? DBNull.Value);
        select.Parameters.AddWithValue("$limit", query.Limit);
        return await select.ReadAllAsync(AlertDeliveryRows.Read, cancellationToken);
    }

    public async Task<RequeueOutcome> RequeueDeliveryAsync(Guid deliveryId, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken);
        await using var write = await BeginWriteAsync(connection, cancellationToken);
        var tx = write.Transaction;
        int updated;
        await using (var update = Command(connection, tx, """
            UPDATE alert_deliveries SET state = 'pending', attempts = 0, next_attempt_at = $now, lease_owner = NULL, lease_until = NULL
            WHERE delivery_id = $id AND state = 'failed';
            """))
        {
            update.Parameters.AddWithValue("$id", deliveryId.ToString("D"));
            update.Parameters.AddWithValue("$now", EventBatch.ToSqliteText(now));
            updated = await update.ExecuteNonQueryAsync(cancellationToken);
        }

        var exists = updated == 1;
        if (!exists)
        {
            await using var select = Command(connection, tx, "SELECT 1 FROM alert_deliveries WHERE delivery_id = $id;");
            select.Parameters.AddWithValue("$id", deliveryId.ToString("D"));
            exists = await select.ExecuteScalarAsync(cancellationToken) is not null;
        }

        await tx.CommitAsync(cancellationToken);
        return updated == 1 ? RequeueOutcome.Requeued : exists ? RequeueOutcome.NotFailed : RequeueOutcome.NotFound;
    }

    private static async Task InsertDeliveriesAsync(SqliteConnection connection, SqliteTransaction tx, NewAlert alert, CancellationToken cancellationToken)
    {
        if (alert.Deliveries is not { Count: > 0 } targets)
        {
            return;
        }

        await using var insert = Command(connection, tx, """
            INSERT INTO alert_deliveries (delivery_id, alert_id, webhook_id, webhook_host, state, attempts, created_at, next_attempt_at)
            VALUES ($id, $alert, $hook, $host, 'pending', 0, $at, $at);
            """);
        var pId = insert.Parameters.Add("$id", SqliteType.Text);
        var pHook = insert.Parameters.Add("$hook", SqliteType.Text);
        var pHost = insert.Parameters.Add("$host", SqliteType.Text);
        insert.Parameters.AddWithValue("$alert", alert.AlertId.ToString("D"));
        insert.Parameters.AddWithValue("$at", EventBatch.ToSqliteText(alert.RaisedAt));
        foreach (var target in targets)
        {
            pId.Value = Guid.CreateVersion7(alert.RaisedAt).ToString("D");
            pHook.Value = target.WebhookId;
            pHost.Value = target.WebhookHost;
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}
