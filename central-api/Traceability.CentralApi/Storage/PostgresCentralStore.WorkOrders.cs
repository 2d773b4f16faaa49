using Npgsql;

namespace Traceability.CentralApi.Storage;

public sealed partial class PostgresCentralStore
{
    public async Task<bool> CreateWorkOrderAsync(WorkOrderRecord order, CancellationToken cancellationToken = default)
    {
        WorkOrderLifecycle.Check(order);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var insert = Command(connection, null, WorkOrderRows.Insert);
        WorkOrderRows.AddInsertValues(insert, order, EventBatch.Stored(order.CreatedAt).UtcDateTime);
        return await insert.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    public async Task<WorkOrderRecord?> GetWorkOrderAsync(string workOrderId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(workOrderId);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        return await ReadWorkOrderAsync(connection, null, workOrderId, cancellationToken);
    }

    public async Task<IReadOnlyList<WorkOrderRecord>> ListWorkOrdersAsync(
        string lineId, WorkOrderState? state = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(lineId);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var select = Command(connection, null, $"""
            SELECT {WorkOrderRows.Columns} FROM work_orders
            WHERE line_id = @line AND (@state::text IS NULL OR state = @state::text)
            ORDER BY created_at, work_order_id;
            """);
        select.Parameters.AddWithValue("line", lineId);
        select.Parameters.AddWithValue("state", (object?)state?.ToString() ?? DBNull.Value);
        return await select.ReadAllAsync(WorkOrderRows.Read, cancellationToken);
    }

    public async Task<WorkOrderRecord?> SetWorkOrderStateAsync(string workOrderId, WorkOrderState target, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(workOrderId);
        var from = WorkOrderLifecycle.From(target);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var tx = await connection.BeginTransactionAsync(cancellationToken);
        await using (var update = Command(connection, tx, "UPDATE work_orders SET state = @to WHERE work_order_id = @id AND state = ANY(@from);"))
        {
            update.Parameters.AddWithValue("id", workOrderId);
            update.Parameters.AddWithValue("to", target.ToString());
            update.Parameters.AddWithValue("from", from);
            await update.ExecuteNonQueryAsync(cancellationToken);
        }

        var order = await ReadWorkOrderAsync(connection, tx, workOrderId, cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return order;
    }

    /// <summary>Projection: a WorkOrderClosed event from the work order's own line closes it.</summary>
    private static async Task CloseWorkOrdersAsync(
        NpgsqlConnection connection, NpgsqlTransaction tx, string lineId, string[] workOrderIds, CancellationToken cancellationToken)
    {
        await using var close = Command(connection, tx, """
            UPDATE work_orders w SET state = @closed
            WHERE w.work_order_id = ANY(@ids) AND w.line_id = @line AND w.state <> @closed;
            """);
        close.Parameters.AddWithValue("closed", nameof(WorkOrderState.Closed));
        close.Parameters.AddWithValue("ids", workOrderIds);
        close.Parameters.AddWithValue("line", lineId);
        await close.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<WorkOrderRecord?> ReadWorkOrderAsync(
        NpgsqlConnection connection, NpgsqlTransaction? tx, string workOrderId, CancellationToken cancellationToken)
    {
        await using var select = Command(connection, tx, WorkOrderRows.ById);
        return await select.With("id", workOrderId).ReadFirstOrNullAsync(WorkOrderRows.Read, cancellationToken);
    }
}
