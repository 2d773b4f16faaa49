using System.Data.Common;

namespace Traceability.CentralApi.Storage;

/// <summary>The EPCIS and line event rows as both stores select them.</summary>
internal static class EpcisRows
{
    /// <summary>A capture row: created_at, event_count, stored_count, duplicate_count.</summary>
    public static EpcisCaptureJob CaptureJob(DbDataReader reader, Guid captureId) =>
        new(captureId, reader.Instant(0), reader.GetInt32(1), reader.GetInt32(2), reader.GetInt32(3));

    /// <summary>A captured event: event_key, event_type, event_time, record_time, biz_step, event_json.</summary>
    public static CapturedEpcisEvent Captured(DbDataReader reader) => new(
        reader.GetString(0),
        reader.GetString(1),
        reader.Instant(2),
        reader.Instant(3),
        reader.TextOrNull(4),
        reader.GetString(5));

    /// <summary>A line event: line_id, event_id, sequence, type, occurred_at, gtin, serial, payload (as text), received_at.</summary>
    public static StoredLineEvent LineEvent(DbDataReader reader)
    {
        var e = new LineEvent(
            reader.GetGuid(1),
            reader.GetInt64(2),
            reader.GetString(3),
            reader.Instant(4),
            reader.TextOrNull(5),
            reader.TextOrNull(6),
            reader.GetString(7));
        return new StoredLineEvent(reader.GetString(0), e, reader.Instant(8));
    }
}
