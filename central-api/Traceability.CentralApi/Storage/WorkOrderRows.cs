using System.Data.Common;

namespace Traceability.CentralApi.Storage;

/// <summary>A work order row as both stores select it (<see cref="Columns"/>, in this order).</summary>
internal static class WorkOrderRows
{
    public const string Columns =
        "work_order_id, line_id, gtin, lot, expiry, quantity, units_per_case, cases_per_pallet, model, state, created_at";

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
