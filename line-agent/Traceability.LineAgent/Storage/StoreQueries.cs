using LiteDB;
using Traceability.Core.Gs1;
using Traceability.Core.Lifecycle;

namespace Traceability.LineAgent.Storage;

/// <summary>Reads shared by the store (any thread, committed data) and its transactions (the committer thread, own writes included).</summary>
internal static class StoreQueries
{
    public static UnitRecord? FindUnit(StoreCollections c, UnitKey key)
    {
        var doc = c.Serials.FindById(key.Id);
        return doc is not null && StoreDocuments.IsUnit(doc) ? StoreDocuments.ToUnit(doc) : null;
    }

    public static List<UnitRecord> UnitsOf(StoreCollections c, string workOrderId) =>
        [.. c.Serials.Find(Where.Equal("wo", workOrderId)).Select(StoreDocuments.ToUnit)];

    /// <summary>
    /// Verified units of the work order in no case and not set aside for rework: units a previous run verified but
    /// stopped before packing.
    /// </summary>
    public static List<UnitKey> VerifiedUnpacked(StoreCollections c, string workOrderId) =>
        [.. c.Serials.Find(Where.Equal("wo", workOrderId))
            .Where(d => StoreDocuments.State(d) == SerialState.Commissioned && !StoreDocuments.InCase(d) && !d.ContainsKey(StoreDocuments.ReworkField))
            .Select(StoreDocuments.Key)];

    /// <summary>The work order's counts recounted from its units' states: what the stored counters must equal.</summary>
    public static Reconciliation CountFromData(StoreCollections c, string workOrderId)
    {
        var counts = default(Reconciliation);
        foreach (var doc in c.Serials.Find(Where.Equal("wo", workOrderId)))
        {
            counts += Reconciliation.Of(StoreDocuments.State(doc), StoreDocuments.InCase(doc));
        }

        return counts;
    }

    public static ContainerRecord? FindContainer(StoreCollections c, Sscc sscc)
    {
        var doc = c.Containers.FindById(sscc.Value);
        return doc is null ? null : StoreDocuments.ToContainer(doc);
    }

    public static BsonDocument? FindOpenContainerDocument(StoreCollections c, string workOrderId, ContainerKind kind) =>
        c.Containers.FindOne(Where.Equal("open", StoreDocuments.OpenKey(workOrderId, kind)));

    public static List<ContainerRecord> ContainersOf(StoreCollections c, string workOrderId) =>
        [.. c.Containers.Find(Where.Equal("wo", workOrderId)).Select(StoreDocuments.ToContainer)];

    public static SerialPoolStatus PoolStatus(StoreCollections c, Gtin gtin)
    {
        var blocks = c.Blocks.Find(Where.Equal("g", gtin.Value)).Select(BlockDocument.FromBson).ToList();
        return new SerialPoolStatus(gtin, blocks.Count, blocks.Sum(b => (long)b.Count), blocks.Sum(b => (long)b.Next));
    }

    public static List<AuditRecord> ReadAudit(StoreCollections c, long fromSequence, int maxCount) =>
        [.. c.Audit.Find(Where.AtLeast("_id", fromSequence), 0, maxCount).Select(StoreDocuments.ToAudit).OrderBy(r => r.Sequence)];
}
