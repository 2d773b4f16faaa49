using System.Globalization;
using LiteDB;
using Traceability.Core.Gs1;
using Traceability.Core.Lifecycle;
using Traceability.Core.Serials;

namespace Traceability.LineAgent.Storage;

/// <summary>
/// The BSON shape of each stored document. Field names are short because every serial of every block is a document.
/// Times are UTC ticks (Int64): LiteDB converts DateTime to local time on read.
/// </summary>
internal static class StoreDocuments
{
    // serials: _id "gtin|serial", g gtin, s serial, b block id, pos block position, st state,
    //          and once taken for a unit: wo, n PLC sequence, rr reject reason, rp reprints, c case SSCC.
    //          Files written before 2026-11-25 (session 6) also have f, true while the unit awaited its verdict, and
    //          an index on it (dropped at open); nothing reads f.
    public const string InFlightField = "f";

    /// <summary>Set on a unit taken out of a case by disaggregation (the case's SSCC) until it is packed again.</summary>
    public const string ReworkField = "rw";

    // pt: when the label went to the printer (Encoded), vt: when its verdict was stored (UTC ticks); absent in
    // files written before the fields existed.
    public const string PrintedAtField = "pt";
    public const string VerdictAtField = "vt";

    public static bool IsInFlight(SerialState state) => state is SerialState.Allocated or SerialState.Encoded;

    public static string PositionKey(string gtin, string blockId, int index) =>
        string.Create(CultureInfo.InvariantCulture, $"{gtin}|{blockId}#{index:D9}");

    public static BsonDocument NewSerial(Gtin gtin, Serial serial, string blockId, int index) => new()
    {
        ["_id"] = new UnitKey(gtin, serial).Id,
        ["g"] = gtin.Value,
        ["s"] = serial.Value,
        ["b"] = blockId,
        ["pos"] = PositionKey(gtin.Value, blockId, index),
        ["st"] = (int)SerialState.Allocated,
        ["wo"] = BsonValue.Null,
    };

    public static SerialState State(BsonDocument serial) => (SerialState)serial["st"].AsInt32;

    public static bool IsUnit(BsonDocument serial) => !serial["wo"].IsNull;

    public static bool InCase(BsonDocument serial) => serial.TryGetValue("c", out var c) && !c.IsNull;

    public static UnitKey Key(BsonDocument serial) => new(Gtin.Parse(serial["g"].AsString), Serial.Parse(serial["s"].AsString));

    public static UnitRecord ToUnit(BsonDocument serial) => new(
        Key(serial),
        serial["wo"].AsString,
        serial["n"].AsInt64,
        State(serial),
        serial.TryGetValue("rr", out var rr) && !rr.IsNull ? rr.AsString : null,
        serial.TryGetValue("rp", out var rp) ? rp.AsInt32 : 0,
        InCase(serial) ? Sscc.Parse(serial["c"].AsString) : null,
        serial["b"].AsString)
    {
        PrintedAt = Time(serial, PrintedAtField),
        VerdictAt = Time(serial, VerdictAtField),
    };

    private static DateTimeOffset? Time(BsonDocument doc, string field) =>
        doc.TryGetValue(field, out var ticks) && ticks.IsInt64 ? new DateTimeOffset(ticks.AsInt64, TimeSpan.Zero) : null;

    // containers: _id SSCC, k kind, wo, st state, p parent SSCC, ch children (unit ids or SSCCs),
    //             open "wo|kind" while open (indexed, to find the open case), null when closed.
    public static string OpenKey(string workOrderId, ContainerKind kind) =>
        string.Create(CultureInfo.InvariantCulture, $"{workOrderId}|{(int)kind}");

    /// <summary>The open key of a container reopened by disaggregation: the line's FindOpenContainer does not see it.</summary>
    public static string ReworkKey(string workOrderId, ContainerKind kind) => OpenKey(workOrderId, kind) + "|rework";

    public static bool InRework(BsonDocument container) =>
        container["open"].IsString && container["open"].AsString.EndsWith("|rework", StringComparison.Ordinal);

    public static BsonDocument NewContainer(Sscc sscc, ContainerKind kind, string workOrderId) => new()
    {
        ["_id"] = sscc.Value,
        ["k"] = (int)kind,
        ["wo"] = workOrderId,
        ["st"] = (int)ContainerState.Open,
        ["p"] = BsonValue.Null,
        ["ch"] = new BsonArray(),
        ["open"] = OpenKey(workOrderId, kind),
    };

    public static ContainerKind Kind(BsonDocument container) => (ContainerKind)container["k"].AsInt32;

    public static ContainerState ContainerStateOf(BsonDocument container) => (ContainerState)container["st"].AsInt32;

    public static ContainerRecord ToContainer(BsonDocument container)
    {
        var kind = Kind(container);
        var children = container["ch"].AsArray;
        return new ContainerRecord(
            Sscc.Parse(container["_id"].AsString),
            kind,
            container["wo"].AsString,
            ContainerStateOf(container),
            container["p"].IsNull ? null : Sscc.Parse(container["p"].AsString),
            kind == ContainerKind.Case ? [.. children.Select(c => UnitKey.FromId(c.AsString))] : [],
            kind == ContainerKind.Pallet ? [.. children.Select(c => Sscc.Parse(c.AsString))] : []);
    }

    // audit: _id sequence, at UTC ticks, who, what, subj, why, prev, hash.
    public static BsonDocument ToDocument(AuditRecord record) => new()
    {
        ["_id"] = record.Sequence,
        ["at"] = record.At.UtcTicks,
        ["who"] = record.OperatorId,
        ["what"] = record.Action,
        ["subj"] = record.Subject,
        ["why"] = record.Reason,
        ["prev"] = record.PreviousHash,
        ["hash"] = record.Hash,
    };

    public static AuditRecord ToAudit(BsonDocument doc) => new(
        doc["_id"].AsInt64,
        new DateTimeOffset(doc["at"].AsInt64, TimeSpan.Zero),
        doc["who"].AsString,
        doc["what"].AsString,
        doc["subj"].AsString,
        doc["why"].AsString,
        doc["prev"].AsString,
        doc["hash"].AsString);
}
