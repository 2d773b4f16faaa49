using Npgsql;
using NpgsqlTypes;
using Traceability.CentralApi.Alerts;

namespace Traceability.CentralApi.Storage;

public sealed partial class PostgresCentralStore : IAlertDeliveryStore
{
    private static readonly string JoinedAlertColumns = string.Join(", ", AlertColumns.Split(", ").Select(c => "a." + c));

    public async Task<IReadOnlyList<ClaimedDelivery>> ClaimDueDeliveriesAsync(
        string webhookId, DateTimeOffset now, TimeSpan lease, int limit, CancellationToken cancellationToken = default)
    {
        AlertDeliveryArguments.CheckClaim(webhookId, lease, limit);
        var claim = Guid.NewGuid();
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);

        // SKIP LOCKED: a row another process is claiming right now is left to it, not waited for; the lease then keeps
        // it away from everyone else until the attempt is recorded or the lease runs out (a crashed process).
        await using var claimCommand = Command(connection, null, $"""
            WITH claimed AS (
                UPDATE alert_deliveries d SET lease_owner = @claim, lease_until = @until
                WHERE d.delivery_id IN (
                    SELECT delivery_id FROM alert_deliveries
                    WHERE webhook_id = @hook AND state = 'pending' AND next_attempt_at <= @now AND (lease_until IS NULL OR lease_until <= @now)
                    ORDER BY next_attempt_at, delivery_id
                    LIMIT @limit
                    FOR UPDATE SKIP LOCKED)
                RETURNING d.*)
            SELECT {JoinedAlertColumns}, {AlertDeliveryRows.Columns}
            FROM claimed d JOIN alerts a ON a.alert_id = d.alert_id
            ORDER BY d.next_attempt_at, d.delivery_id;
            """);
        claimCommand.Parameters.AddWithValue("claim", claim);
        claimCommand.Parameters.AddWithValue("until", EventBatch.Stored(now + lease).UtcDateTime);
        claimCommand.Parameters.AddWithValue("hook", webhookId);
        claimCommand.Parameters.AddWithValue("now", EventBatch.Stored(now).UtcDateTime);
        claimCommand.Parameters.AddWithValue("limit", limit);
        var claimed = new List<ClaimedDelivery>();
        await using var reader = await claimCommand.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            claimed.Add(new ClaimedDelivery(AlertDeliveryRows.Read(reader, 12), AlertRows.Read(reader), claim));
        }

        return claimed;
    }

    public async Task<bool> RecordDeliveryAttemptAsync(DeliveryAttempt attempt, CancellationToken cancellationToken = default)
    {
        AlertDeliveryArguments.Check(attempt);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var update = Command(connection, null, """
            UPDATE alert_deliveries
            SET state = @state, attempts = attempts + 1, last_attempt_at = @at, last_status = @status, last_error = @error,
                next_attempt_at = @next, delivered_at = @delivered, lease_owner = NULL, lease_until = NULL
            WHERE delivery_id = @id AND lease_owner = @claim AND state = 'pending';
            """);
        update.Parameters.AddWithValue("id", attempt.DeliveryId);
        update.Parameters.AddWithValue("claim", attempt.Claim);
        update.Parameters.AddWithValue("state", AlertDeliveryArguments.Stored(attempt.State));
        update.Parameters.AddWithValue("at", EventBatch.Stored(attempt.At).UtcDateTime);
        update.Parameters.Add(new NpgsqlParameter<int?>("status", NpgsqlDbType.Integer) { TypedValue = attempt.StatusCode });
        update.Parameters.Add(new NpgsqlParameter<string?>("error", NpgsqlDbType.Text) { TypedValue = AlertDeliveryArguments.Bounded(attempt.Error) });
        update.Parameters.Add(new NpgsqlParameter<DateTime?>("next", NpgsqlDbType.TimestampTz) { TypedValue = attempt.NextAttemptAt is { } n ? EventBatch.Stored(n).UtcDateTime : null });
        update.Parameters.Add(new NpgsqlParameter<DateTime?>("delivered", NpgsqlDbType.TimestampTz)
        {
            TypedValue = attempt.State == DeliveryState.Delivered ? EventBatch.Stored(attempt.At).UtcDateTime : null,
        });
        return await update.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<int> AbandonDeliveriesAsync(IReadOnlyCollection<string> configuredWebhookIds, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(configuredWebhookIds);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var update = Command(connection, null, """
            UPDATE alert_deliveries SET state = 'abandoned', next_attempt_at = NULL, lease_owner = NULL, lease_until = NULL,
                last_error = 'webhook ' || webhook_id || ' is no longer configured (' || @at || ')'
            WHERE state = 'pending' AND NOT (webhook_id = ANY (@ids));
            """);
        update.Parameters.AddWithValue("ids", configuredWebhookIds.ToArray());
        update.Parameters.AddWithValue("at", EventBatch.ToSqliteText(at));
        return await update.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<AlertDeliveryRecord?> GetDeliveryAsync(Guid deliveryId, CancellationToken cancellationToken = default)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var select = Command(connection, null, $"SELECT {AlertDeliveryRows.Columns} FROM alert_deliveries d WHERE d.delivery_id = @id;");
        select.Parameters.AddWithValue("id", deliveryId);
        return (await select.ReadAllAsync(AlertDeliveryRows.Read, cancellationToken)).SingleOrDefault();
    }

    public async Task<IReadOnlyList<AlertDeliveryRecord>> GetAlertDeliveriesAsync(Guid alertId, CancellationToken cancellationToken = default)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var select = Command(connection, null, $"SELECT {AlertDeliveryRows.Columns} FROM alert_deliveries d WHERE d.alert_id = @id ORDER BY d.webhook_id;");
        select.Parameters.AddWithValue("id", alertId);
        return await select.ReadAllAsync(AlertDeliveryRows.Read, cancellationToken);
    }

    public async Task<IReadOnlyList<AlertDeliveryRecord>> ListDeliveriesAsync(DeliveryQuery query, CancellationToken cancellationToken = default)
    {
        AlertDeliveryArguments.Check(query);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var select = Command(connection, null, $"""
            SELECT {AlertDeliveryRows.Columns} FROM alert_deliveries d
            WHERE (@state::text IS NULL OR d.state = @state::text) AND (@after::uuid IS NULL OR d.delivery_id < @after::uuid)
            ORDER BY d.delivery_id DESC
            LIMIT @limit;
            """);
        select.Parameters.Add(new NpgsqlParameter<string?>("state", NpgsqlDbType.Text) { TypedValue = query.State is { } s ? AlertDeliveryArguments.Stored(s) : null });
        select.Parameters.Add(new NpgsqlParameter<Guid?>("after", NpgsqlDbType.Uuid) { TypedValue = query.After });
        select.Parameters.AddWithValue("limit", query.Limit);
        return await select.ReadAllAsync(AlertDeliveryRows.Read, cancellationToken);
    }

    public async Task<RequeueOutcome> RequeueDeliveryAsync(Guid deliveryId, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = Command(connection, null, """
            WITH requeued AS (
                UPDATE alert_deliveries SET state = 'pending', attempts = 0, next_attempt_at = @now, lease_owner = NULL, lease_until = NULL
                WHERE delivery_id = @id AND state = 'failed'
                RETURNING 1)
            SELECT (SELECT count(*) FROM requeued), EXISTS (SELECT 1 FROM alert_deliveries WHERE delivery_id = @id);
            """);
        command.Parameters.AddWithValue("id", deliveryId);
        command.Parameters.AddWithValue("now", EventBatch.Stored(now).UtcDateTime);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return reader.GetInt64(0) == 1 ? RequeueOutcome.Requeued : reader.GetBoolean(1) ? RequeueOutcome.NotFailed : RequeueOutcome.NotFound;
    }

    private static async Task InsertDeliveriesAsync(NpgsqlConnection connection, NpgsqlTransaction tx, NewAlert alert, CancellationToken cancellationToken)
    {
        if (alert.Deliveries is not { Count: > 0 } targets)
        {
            return;
        }

        await using var insert = Command(connection, tx, """
            INSERT INTO alert_deliveries (delivery_id, alert_id, webhook_id, webhook_host, state, attempts, created_at, next_attempt_at)
            SELECT t.id, @alert, t.hook, t.host, 'pending', 0, @at, @at FROM unnest(@ids, @hooks, @hosts) AS t(id, hook, host);
            """);
        insert.Parameters.AddWithValue("alert", alert.AlertId);
        insert.Parameters.AddWithValue("at", EventBatch.Stored(alert.RaisedAt).UtcDateTime);
        insert.Parameters.AddWithValue("ids", targets.Select(_ => Guid.CreateVersion7(alert.RaisedAt)).ToArray());
        insert.Parameters.AddWithValue("hooks", targets.Select(t => t.WebhookId).ToArray());
        insert.Parameters.AddWithValue("hosts", targets.Select(t => t.WebhookHost).ToArray());
        await insert.ExecuteNonQueryAsync(cancellationToken);
    }
}
