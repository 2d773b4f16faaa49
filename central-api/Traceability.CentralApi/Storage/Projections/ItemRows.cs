using System.Data.Common;
using Traceability.Core.Lifecycle;

namespace Traceability.CentralApi.Storage.Projections;

/// <summary>
/// Unit and container rows as both stores select them for the projector (their <c>UnitColumns</c> and
/// <c>ContainerColumns</c>, in this order; the entered version falls back to the parent version in SQL).
/// </summary>
internal static class ItemRows
{
    public static ItemRow Unit(DbDataReader r) => new(ItemKey.Unit(r.GetString(0), r.GetString(1)))
    {
        LineId = r.GetString(2),
        State = (SerialState)r.GetInt16(3),
        StateVersion = r.TextOrNull(4),
        CommissionedAt = r.InstantOrNull(5),
        CommissionVersion = r.TextOrNull(6),
        Lot = r.TextOrNull(7),
        Expiry = r.TextOrNull(8),
        WorkOrderId = r.TextOrNull(9),
        ParentSscc = r.TextOrNull(10),
        ParentVersion = r.TextOrNull(11),
        EnteredVersion = r.TextOrNull(12),
        ReplacedBy = r.IsDBNull(13) ? null : ItemKey.Unit(r.GetString(13), r.GetString(14)),
        ReplacedVersion = r.TextOrNull(15),
        Replaces = r.IsDBNull(16) ? null : ItemKey.Unit(r.GetString(16), r.GetString(17)),
    };

    public static ItemRow Container(DbDataReader r) => new(ItemKey.Container(r.GetString(0)))
    {
        LineId = r.TextOrNull(1),
        PackedAt = r.InstantOrNull(2),
        PackedVersion = r.TextOrNull(3),
        State = (SerialState)r.GetInt16(4),
        StateVersion = r.TextOrNull(5),
        ParentSscc = r.TextOrNull(6),
        ParentVersion = r.TextOrNull(7),
        EnteredVersion = r.TextOrNull(8),
        EmptiedVersion = r.TextOrNull(9),
        ReplacedBy = r.IsDBNull(10) ? null : ItemKey.Container(r.GetString(10)),
        ReplacedVersion = r.TextOrNull(11),
        Replaces = r.IsDBNull(12) ? null : ItemKey.Container(r.GetString(12)),
    };
}
