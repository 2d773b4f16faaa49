using System.Data.Common;

namespace Traceability.CentralApi.Storage;

/// <summary>The trade-in rows (<see cref="TradeInQueries.QuoteColumns"/>, <see cref="TradeInQueries.OrderColumns"/>) as both stores select them.</summary>
internal static class TradeInRows
{
    public static TradeInQuoteRecord Quote(DbDataReader reader) => new(
        reader.GetGuid(0),
        reader.GetString(1),
        reader.GetString(2),
        reader.GetString(3),
        reader.Amount(4),
        reader.GetString(5),
        reader.Instant(6),
        reader.Instant(7),
        reader.GetString(8),
        reader.InstantOrNull(9),
        reader.GuidOrNull(10));

    public static TradeInOrderRecord Order(DbDataReader reader) => new(
        reader.GetGuid(0),
        reader.GetGuid(1),
        reader.GetString(2),
        reader.GetString(3),
        reader.GetString(4),
        reader.Amount(5),
        reader.Amount(6),
        reader.Amount(7),
        reader.GetString(8),
        reader.GetString(9),
        reader.GetString(10),
        reader.GetString(11),
        reader.GetString(12),
        reader.Instant(13));
}
