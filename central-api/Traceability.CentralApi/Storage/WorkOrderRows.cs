using System.Data.Common;

namespace Traceability.CentralApi.Storage;

/// <summary>A work order row as both stores select it (<see cref="Columns"/>, in this order).</summary>
internal static class WorkOrderRows
{
    public const string Columns =
        "work_order_id, line_id, gtin, lot, expiry, quantity, units_per_case, cases_per_pallet, model, state, created_at";

    public const string Insert = $"""
        INSERT INTO work_orders ({Columns})
        VALUES (@id, @line, @gtin, @lot, @expiry, @quantity, @unitsPerCase, @casesPerPallet, @model, @state, @createdAt)
        ON CONFLICT (work_order_id) DO NOTHING;
        """;

    public const string ById = $"SELECT {Columns} FROM work_orders WHERE work_order_id = @id;";

    /// <summary>The values of <see cref="Insert"/>; <paramref name="createdAt"/> as the store keeps instants.</summary>
    public static void AddInsertValues(DbCommand insert, WorkOrderRecord order, object createdAt) => insert
        .With("id", order.WorkOrderId)
        .With("line", order.LineId)
        .With("gtin", order.Gtin)
        .With("lot", order.Lot)
        .With("expiry", order.Expiry)
        .With("quantity", order.Quantity)
        .With("unitsPerCase", order.UnitsPerCase)
        .With("casesPerPallet", order.CasesPerPallet)
        .With("model", order.Model)
        .With("state", order.State.ToString())
        .With("createdAt", createdAt);

    public static WorkOrderRecord Read(DbDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        reader.GetString(2),
        reader.GetString(3),
        reader.TextOrNull(4),
        reader.GetInt64(5),
        reader.GetInt32(6),
        reader.GetInt32(7),
        reader.GetString(8),
        WorkOrderLifecycle.Parse(reader.GetString(9)),
        reader.Instant(10));
}
