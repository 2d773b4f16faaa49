using LiteDB;

namespace Traceability.LineAgent.Storage;

/// <summary>
/// The small documents almost every group reads, as the last committed group left them, kept by the committer thread
/// across groups (like <see cref="SerialDocumentCache"/> for serials): work orders (counts change with every unit),
/// serial blocks (the pool's cursor), cases and pallets, which container is the line's open case or pallet, and the
/// outbox and audit heads. Each was a LiteDB query per group (per pack change for the open case), about a tenth of
/// the committer's time at a line's pace, where a group holds one or two changes.
/// </summary>
/// <remarks>
/// Only the committer thread touches it. A transaction changes these objects in place, so a rolled-back transaction
/// empties the cache; a committed one puts back what it read or wrote. Every write to these documents goes through
/// <see cref="LineStoreTransaction"/>, so the cache never misses a change. Bounded: a kind past
/// <see cref="Capacity"/> entries starts again empty.
/// </remarks>
internal sealed class CommittedRecords
{
    /// <summary>Far more work orders, GTINs and containers than a line has in use at once.</summary>
    public const int Capacity = 4096;

    public Dictionary<string, WorkOrderDocument> WorkOrders { get; } = new(StringComparer.Ordinal);

    /// <summary>Blocks of a GTIN in hand-out order (a GTIN is present only with every one of its blocks).</summary>
    public Dictionary<string, List<BlockDocument>> BlocksByGtin { get; } = new(StringComparer.Ordinal);

    /// <summary>Case and pallet documents by SSCC.</summary>
    public Dictionary<string, BsonDocument> Containers { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// The line's open container per open key (<see cref="StoreDocuments.OpenKey"/>): its SSCC, or null when none is
    /// open. A key that is absent is unknown (ask LiteDB).
    /// </summary>
    public Dictionary<string, string?> OpenContainers { get; } = new(StringComparer.Ordinal);

    /// <summary>Named counters (<see cref="LineStoreTransaction.NextSequence"/>) by document id: the last value handed out.</summary>
    public Dictionary<string, long> Sequences { get; } = new(StringComparer.Ordinal);

    public (long Last, long Acknowledged)? Outbox { get; set; }

    public (long Last, string Hash)? Audit { get; set; }

    /// <summary>Keeps what a committed transaction read or wrote.</summary>
    public void Committed(
        IEnumerable<KeyValuePair<string, WorkOrderDocument>> workOrders,
        IEnumerable<KeyValuePair<string, List<BlockDocument>>> blocks,
        IReadOnlyDictionary<string, string?> openQueried,
        IEnumerable<BsonDocument> containers)
    {
        foreach (var (id, order) in workOrders)
        {
            Put(WorkOrders, id, order);
        }

        foreach (var (gtin, list) in blocks)
        {
            Put(BlocksByGtin, gtin, list);
        }

        foreach (var (key, sscc) in openQueried)
        {
            Put(OpenContainers, key, sscc);
        }

        foreach (var container in containers)
        {
            var sscc = container["_id"].AsString;
            Put(Containers, sscc, container);
            var open = container["open"].IsString ? container["open"].AsString : null;
            var left = OpenContainers.Where(e => e.Value == sscc && e.Key != open).Select(e => e.Key).ToList();
            foreach (var key in left)
            {
                // It was the open one under that key; any other opened under it is in this transaction too (below).
                OpenContainers[key] = null;
            }
        }

        foreach (var container in containers)
        {
            if (container["open"].IsString && !StoreDocuments.InRework(container))
            {
                Put(OpenContainers, container["open"].AsString, container["_id"].AsString);
            }
        }
    }

    /// <summary>The transaction was rolled back: what it changed in place is not what is committed.</summary>
    public void Clear()
    {
        WorkOrders.Clear();
        BlocksByGtin.Clear();
        Containers.Clear();
        OpenContainers.Clear();
        Sequences.Clear();
        Outbox = null;
        Audit = null;
    }

    private static void Put<T>(Dictionary<string, T> cache, string key, T value)
    {
        if (cache.Count >= Capacity && !cache.ContainsKey(key))
        {
            cache.Clear();
        }

        cache[key] = value;
    }
}
