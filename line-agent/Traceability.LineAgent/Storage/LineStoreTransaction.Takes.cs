using LiteDB;

namespace Traceability.LineAgent.Storage;

public sealed partial class LineStoreTransaction
{
    // Take records of earlier groups that this transaction emptied (every take they held was written here).
    private readonly List<long> _emptiedRecords = [];

    /// <summary>
    /// At the end of the group, after the serial write-back: the takes whose documents were not written go into one
    /// take record, and the records whose last deferred take was written here are deleted.
    /// </summary>
    private void RecordTakes()
    {
        var pending = _taken.Where(t => !_written.Contains(t.Id)).ToList();
        if (pending.Count is > 0 and < DeferredTakes.MinTakesPerRecord)
        {
            // A take alone in its group (a line's pace): its serial document costs fewer log pages than a record
            // inserted now and deleted with the unit's next change.
            pending.ForEach(t => Changed(_serials[t.Id]));
            WriteBackSerials();
        }
        else if (pending.Count > 0)
        {
            var id = _deferred.LastRecordId + 1;
            _collections.Takes.Insert(new BsonDocument
            {
                ["_id"] = id,
                ["u"] = new BsonArray(pending.Select(t => new BsonValue(t.Id))),
                ["wo"] = new BsonArray(pending.Select(t => new BsonValue(t.WorkOrderId))),
                ["n"] = new BsonArray(pending.Select(t => new BsonValue(t.PlcSequence))),
            });
            _takeRecord = (id, pending);
        }

        var writtenPerRecord = new Dictionary<long, int>();
        foreach (var id in _written)
        {
            if (_deferred.RecordOf.TryGetValue(id, out var record))
            {
                writtenPerRecord[record] = writtenPerRecord.GetValueOrDefault(record) + 1;
            }
        }

        foreach (var (record, written) in writtenPerRecord)
        {
            if (_deferred.Remaining[record] == written)
            {
                _collections.Takes.Delete(record);
                _emptiedRecords.Add(record);
            }
        }
    }

    /// <summary>The transaction is committed: the deferred takes it wrote are done, the ones it recorded are now deferred.</summary>
    private void CommittedTakes()
    {
        if (_materialized is not null)
        {
            // Every take record was written into its serial documents and deleted in this transaction.
            _deferred.MaterializeFirst = false;
            _deferred.Published.Clear();
        }

        foreach (var id in _written)
        {
            if (_deferred.RecordOf.Remove(id, out var record))
            {
                _deferred.Remaining[record]--;
                _deferred.Documents.Remove(id);
            }

            _deferred.Published.TryRemove(id, out _);
        }

        foreach (var record in _emptiedRecords)
        {
            _deferred.Remaining.Remove(record);
        }

        if (_takeRecord is { } added)
        {
            _deferred.LastRecordId = added.Id;
            _deferred.Remaining[added.Id] = added.Takes.Count;
            foreach (var take in added.Takes)
            {
                _deferred.RecordOf[take.Id] = added.Id;
                _deferred.Documents[take.Id] = _serials[take.Id];
                _deferred.Published[take.Id] = (take.WorkOrderId, take.PlcSequence);
            }
        }
    }
}
