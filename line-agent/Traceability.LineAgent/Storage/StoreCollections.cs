using LiteDB;

namespace Traceability.LineAgent.Storage;

/// <summary>The line store's LiteDB collections and their indexes. The document shapes are in <see cref="StoreDocuments"/>.</summary>
internal sealed class StoreCollections
{
    private readonly LiteDatabase _db;

    public StoreCollections(LiteDatabase db)
    {
        _db = db;
        Meta = db.GetCollection("meta");
        Blocks = db.GetCollection("blocks");
        Serials = db.GetCollection("serials");
        Containers = db.GetCollection("containers");
        WorkOrders = db.GetCollection("workorders");
        Outbox = db.GetCollection("outbox");
        Audit = db.GetCollection("audit");
        Takes = db.GetCollection("takes");
    }

    /// <summary>Single documents: the line's identity, the outbox's and the audit trail's heads, named counters.</summary>
    public ILiteCollection<BsonDocument> Meta { get; }

    /// <summary>One document per serial block received from central, with its hand-out cursor.</summary>
    public ILiteCollection<BsonDocument> Blocks { get; }

    /// <summary>
    /// One document per serial received. A serial taken for a unit carries the unit on the same document, so a
    /// serial can belong to one unit only: the guarantee is the document's key, not an index kept beside it.
    /// </summary>
    public ILiteCollection<BsonDocument> Serials { get; }

    public ILiteCollection<BsonDocument> Containers { get; }

    public ILiteCollection<BsonDocument> WorkOrders { get; }

    /// <summary>LineEvents by per-line sequence (the document id), as protobuf bytes.</summary>
    public ILiteCollection<BsonDocument> Outbox { get; }

    /// <summary>Audit records by sequence (the document id).</summary>
    public ILiteCollection<BsonDocument> Audit { get; }

    /// <summary>
    /// Take records: one per group of takes whose serial documents are not written yet (see <see cref="DeferredTakes"/>);
    /// a handful at a time, none after the store closes cleanly and reopens.
    /// </summary>
    public ILiteCollection<BsonDocument> Takes { get; }

    /// <summary>Creates every collection and the indexes (idempotent); call once at open, before any transaction.</summary>
    /// <remarks>
    /// A collection LiteDB 5.0.21 creates lazily, inside the committer's transaction, while another thread queries it
    /// can fail that query with "page type must be collection page" (seen on a fresh file: the host listed work orders
    /// while the first one was being stored). So every collection exists before anything runs concurrently.
    /// </remarks>
    public void EnsureIndexes()
    {
        foreach (var collection in new[] { Meta, Blocks, Serials, Containers, WorkOrders, Outbox, Audit, Takes })
        {
            if (!_db.CollectionExists(collection.Name))
            {
                // Inserting creates the collection's pages; the placeholder goes again at once.
                var placeholder = new BsonDocument { ["_id"] = "collection-created" };
                collection.Insert(placeholder);
                collection.Delete(placeholder["_id"]);
            }
        }

        Blocks.EnsureIndex("g");
        Serials.EnsureIndex("pos", unique: true);
        Serials.EnsureIndex("wo");
        // Units taken or printed without a verdict, for the restart: a handful, among millions of serials.
        // The index on units awaiting their verdict changed twice per unit for one query per start (see
        // RejectUnitsAwaitingVerdict); files that have it lose it here, once.
        Serials.DropIndex(StoreDocuments.InFlightField);
        Containers.EnsureIndex("open");
        Containers.EnsureIndex("wo");
    }
}
