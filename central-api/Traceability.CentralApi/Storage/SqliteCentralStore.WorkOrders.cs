using Microsoft.Data.Sqlite;

namespace Traceability.CentralApi.Storage;

public sealed partial class SqliteCentralStore
{
    public async Task<bool> CreateWorkOrderAsync(WorkOrderRecord order, CancellationToken cancellationToken = default)
    {
        WorkOrderLifecycle.Check(order);
        await using var connection = await OpenAsync(cancellationToken);
        await using var write = await BeginWriteAsync(connection, cancellationToken);
        await using var insert = Command(connection, write.Transaction, WorkOrderRows.Insert);
        WorkOrderRows.AddInsertValues(insert, order, EventBatch.ToSqliteText(order.CreatedAt));
        var created = await insert.ExecuteNonQueryAsync(cancellationToken) == 1;
        await write.Transaction.CommitAsync(cancellationToken);
        return created;
    }

    public async Task<WorkOrderRecord?> GetWorkOrderAsync(string workOrderId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(workOrderId);
        await using var connection = await OpenAsync(cancellationToken);
        return await ReadWorkOrderAsync(connection, null, workOrderId, cancellationToken);
    }

    public async Task<IReadOnlyList<WorkOrderRecord>> ListWorkOrdersAsync(
        string lineId, WorkOrderState? state = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(lineId);
        await using var connection = await OpenAsync(cancellationToken);
        await using var select = Command(connection, null, $"""
            SELECT {WorkOrderRows.Columns} FROM work_orders
            WHERE line_id = $line AND ($state IS NULL OR state = $state)
            ORDER BY created_at, work_order_id;
            """);
        select.Parameters.AddWithValue("$line", lineId);
        select.Parameters.AddWithValue("$state", (object?)state?.ToString() ?? DBNull.Value);
        return await select.ReadAllAsync(WorkOrderRows.Read, cancellationToken);
    }

    public async Task<WorkOrderRecord?> SetWorkOrderStateAsync(string workOrderId, WorkOrderState target, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(workOrderId);
        var from = WorkOrderLifecycle.From(target);
        await using var connection = await OpenAsync(cancellationToken);
        await using var write = await BeginWriteAsync(connection, cancellationToken);
        var tx = write.Transaction;
        await using (var update = Command(connection, tx, """
            UPDATE work_orders SET state = $to WHERE work_order_id = $id AND state IN (SELECT value FROM json_each($from));
            """))
        {
            update.Parameters.AddWithValue("$id", workOrderId);
            update.Parameters.AddWithValue("$to", target.ToString());
            update.Parameters.AddWithValue("$from", System.Text.Json.JsonSerializer.Serialize(from));
            await update.ExecuteNonQueryAsync(cancellationToken);
        }

        var order = await ReadWorkOrderAsync(connection, tx, workOrderId, cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return order;
    }

    /// <summary>Projection: a WorkOrderClosed event from the work order's own line closes it.</summary>
    private static async Task CloseWorkOrdersAsync(
        SqliteConnection connection, SqliteTransaction tx, string lineId, IReadOnlyList<LineEvent> inserted, CancellationToken cancellationToken)
    {
        foreach (var e in inserted)
        {
            if (e.Type != LineEventTypes.WorkOrderClosed || e.WorkOrderId is null)
            {
                continue;
            }

            await using var close = Command(connection, tx, """
                UPDATE work_orders SET state = $closed WHERE work_order_id = $id AND line_id = $line AND state <> $closed;
                """);
            close.Parameters.AddWithValue("$closed", nameof(WorkOrderState.Closed));
            close.Parameters.AddWithValue("$id", e.WorkOrderId);
            close.Parameters.AddWithValue("$line", lineId);
            await close.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static async Task<WorkOrderRecord?> ReadWorkOrderAsync(
        SqliteConnection connection, SqliteTransaction? tx, string workOrderId, CancellationToken cancellationToken)
    {
        await using var select = Command(connection, tx, WorkOrderRows.ById);
        return await select.With("id", workOrderId).ReadFirstOrNullAsync(WorkOrderRows.Read, cancellationToken);
    }
}
