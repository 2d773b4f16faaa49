using LiteDB;

namespace Traceability.LineAgent.Storage;

/// <summary>A serial block and its hand-out cursor: serials [0, Next) are taken, [Next, Count) are in the pool.</summary>
internal sealed class BlockDocument(string gtin, string blockId, int count, int next, long order)
{
    public string Gtin { get; } = gtin;

    public string BlockId { get; } = blockId;

    public int Count { get; } = count;

    public int Next { get; set; } = next;

    /// <summary>Arrival order: blocks are used oldest first.</summary>
    public long Order { get; } = order;

    public string Id => Gtin + "|" + BlockId;

    public BsonDocument ToBson() => new()
    {
        ["_id"] = Id,
        ["g"] = Gtin,
        ["b"] = BlockId,
        ["count"] = Count,
        ["next"] = Next,
        ["order"] = Order,
    };

    public static BlockDocument FromBson(BsonDocument doc) =>
        new(doc["g"].AsString, doc["b"].AsString, doc["count"].AsInt32, doc["next"].AsInt32, doc["order"].AsInt64);
}
