using System.Data.Common;
using Traceability.CentralApi.Alerts;

namespace Traceability.CentralApi.Storage;

/// <summary>The webhook delivery rows as both stores select them.</summary>
internal static class AlertDeliveryRows
{
    /// <summary>The columns of a delivery (table alias <c>d</c>), in the order <see cref="Read(DbDataReader, int)"/> expects.</summary>
    public const string Columns =
        "d.delivery_id, d.alert_id, d.webhook_id, d.webhook_host, d.state, d.attempts, d.created_at, d.next_attempt_at, d.last_attempt_at, d.last_status, d.last_error, d.delivered_at";

    /// <summary>A row that holds only the delivery's columns.</summary>
    public static AlertDeliveryRecord Read(DbDataReader reader) => Read(reader, 0);

    /// <summary>The delivery's columns from ordinal <paramref name="first"/> on.</summary>
    public static AlertDeliveryRecord Read(DbDataReader reader, int first) => new(
        reader.GetGuid(first),
        reader.GetGuid(first + 1),
        reader.GetString(first + 2),
        reader.GetString(first + 3),
        AlertDeliveryArguments.State(reader.GetString(first + 4)),
        reader.GetInt32(first + 5),
        reader.Instant(first + 6),
        reader.InstantOrNull(first + 7),
        reader.InstantOrNull(first + 8),
        reader.IsDBNull(first + 9) ? null : reader.GetInt32(first + 9),
        reader.TextOrNull(first + 10),
        reader.InstantOrNull(first + 11));
}
