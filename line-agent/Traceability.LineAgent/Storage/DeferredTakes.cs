using System.Collections.Concurrent;
using LiteDB;

namespace Traceability.LineAgent.Storage;

/// <summary>
/// Serials taken for units whose serial documents are not written yet: a group of takes writes one take record
/// (collection <c>takes</c>: the units' serial ids, work orders and PLC sequences) instead of one serial document per
/// unit, and each serial document is written with the unit's next change (printed, verdict), which carries the
/// binding. The take record is durable with the pool's cursor in the take's transaction, so a crash in between loses
/// nothing: the store applies every take record it finds to the serial documents at open (<see cref="Materialize"/>).
/// </summary>
/// <remarks>
/// The committer thread owns the documents and the record counts; readers on other threads see the bindings through
/// <see cref="Published"/> (committed takes whose serial document does not carry them yet). A rolled-back group
/// leaves the in-memory state unknown: it is dropped and the next group materializes every take record first.
/// </remarks>
internal sealed class DeferredTakes
{
    /// <summary>
    /// Fewer takes left in a group are written to their serial documents instead: a record is one document inserted
    /// and later deleted, about two document writes, and pays only for several takes (a burst's groups hold hundreds;
    /// at a line's pace a group holds one, and records made the log longer: more checkpoints at 200 triggers/s).
    /// </summary>
    public const int MinTakesPerRecord = 2;

    /// <summary>The serial documents of the deferred takes (bound in memory), by serial id.</summary>
    public Dictionary<string, BsonDocument> Documents { get; } = new(StringComparer.Ordinal);

    /// <summary>The take record holding each deferred take, by serial id.</summary>
    public Dictionary<string, long> RecordOf { get; } = new(StringComparer.Ordinal);

    /// <summary>Deferred takes left in each take record.</summary>
    public Dictionary<long, int> Remaining { get; } = [];

    /// <summary>Committed bindings not yet in their serial documents, for readers on any thread: serial id → (work order, PLC sequence).</summary>
    public ConcurrentDictionary<string, (string WorkOrderId, long PlcSequence)> Published { get; } = new(StringComparer.Ordinal);

    /// <summary>The in-memory state was lost (rollback): the next group writes every take record's bindings first.</summary>
    public bool MaterializeFirst { get; set; }

    public long LastRecordId { get; set; }

    /// <summary>A transaction was rolled back: what it changed in place is not what is committed.</summary>
    public void Lost()
    {
        Documents.Clear();
        RecordOf.Clear();
        Remaining.Clear();
        MaterializeFirst = true;
    }

    /// <summary>
    /// Writes the binding of every take record in the file into its serial document and deletes the records, inside
    /// the caller's LiteDB transaction. A serial document that already carries a unit is left as it is (written by a
    /// later change of the unit). Returns the serial ids bound.
    /// </summary>
    public static List<string> Materialize(StoreCollections collections)
    {
        var bound = new List<string>();
        foreach (var record in collections.Takes.FindAll().ToList())
        {
            var ids = record["u"].AsArray;
            var orders = record["wo"].AsArray;
            var sequences = record["n"].AsArray;
            for (var i = 0; i < ids.Count; i++)
            {
                var doc = collections.Serials.FindById(ids[i].AsString)
                    ?? throw new InvalidOperationException($"Take record {record["_id"]} names serial {ids[i].AsString}, which is not on this line: the store file is damaged.");
                if (StoreDocuments.IsUnit(doc))
                {
                    continue;
                }

                Bind(doc, orders[i].AsString, sequences[i].AsInt64);
                collections.Serials.Update(doc);
                bound.Add(ids[i].AsString);
            }

            collections.Takes.Delete(record["_id"]);
        }

        return bound;
    }

    /// <summary>Binds a pool serial's document to a unit: work order and PLC sequence, no reprint, reason or case yet.</summary>
    public static void Bind(BsonDocument serial, string workOrderId, long plcSequence)
    {
        serial["wo"] = workOrderId;
        serial["n"] = plcSequence;
        serial["rp"] = 0;
        serial["rr"] = BsonValue.Null;
        serial["c"] = BsonValue.Null;
    }

    /// <summary>A serial document as a reader on another thread should see it: with its committed, deferred binding.</summary>
    public static BsonDocument? Reading(BsonDocument? doc, (string WorkOrderId, long PlcSequence)? published)
    {
        if (doc is null || StoreDocuments.IsUnit(doc) || published is not { } binding)
        {
            return doc;
        }

        Bind(doc, binding.WorkOrderId, binding.PlcSequence);
        return doc;
    }
}
