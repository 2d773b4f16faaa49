using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using LiteDB;
using Traceability.Contracts.Line.V1;

namespace Traceability.LineAgent.Storage;

/// <summary>
/// The operations of one change, inside the group committer's LiteDB transaction. Every state change that central
/// must learn of writes its <see cref="LineEvent"/> to the outbox here, in the same transaction; every manual action
/// writes an audit record. An operation that refuses (wrong state, unknown unit) throws before it writes anything.
/// </summary>
/// <remarks>
/// Valid only inside the delegate given to <see cref="LineStore.CommitAsync{T}"/>. A change that catches a refusal
/// and carries on is failed as a whole: LiteDB may already have rolled the transaction back.
/// </remarks>
public sealed partial class LineStoreTransaction
{
    private readonly StoreCollections _collections;
    private readonly SerialDocumentCache _committedSerials;
    private readonly CommittedRecords _committed;
    private readonly DeferredTakes _deferred;
    private readonly TimeProvider _time;
    private readonly Dictionary<string, WorkOrderDocument> _workOrders = new(StringComparer.Ordinal);
    private readonly HashSet<string> _dirtyWorkOrders = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<BlockDocument>> _blocksByGtin = new(StringComparer.Ordinal);
    private readonly HashSet<BlockDocument> _dirtyBlocks = [];
    private readonly Dictionary<string, long> _sequences = new(StringComparer.Ordinal);

    // Serial documents read or changed in this transaction, by id: a change that takes, prints and verifies a unit
    // reads it once and writes it once (at the end of the group). Written back before any query over serials.
    private readonly Dictionary<string, BsonDocument> _serials = new(StringComparer.Ordinal);
    private readonly HashSet<string> _dirtySerials = new(StringComparer.Ordinal);

    // Takes of this transaction (serial id, work order, PLC sequence): their serial documents are written only if
    // another change of the group touches them; the others go into one take record (DeferredTakes).
    private readonly List<(string Id, string WorkOrderId, long PlcSequence)> _taken = [];

    // Serial documents written to LiteDB in this transaction (a deferred take among them is no longer deferred).
    private readonly HashSet<string> _written = new(StringComparer.Ordinal);
    private List<string>? _materialized;
    private (long Id, List<(string Id, string WorkOrderId, long PlcSequence)> Takes)? _takeRecord;

    // Pool positions read ahead in this transaction (position key → serial id), kept by the committer once committed.
    private readonly Dictionary<string, string> _positions = new(StringComparer.Ordinal);
    private OutboxHead? _outbox;
    private AuditHead? _audit;
    private Exception? _refusal;
    private bool _ended;

    internal LineStoreTransaction(StoreCollections collections, SerialDocumentCache committedSerials, CommittedRecords committed, DeferredTakes deferred, TimeProvider time)
    {
        _collections = collections;
        _committedSerials = committedSerials;
        _committed = committed;
        _deferred = deferred;
        _time = time;
    }

    /// <summary>The outbox head after this transaction; null when it wrote no event and acknowledged nothing.</summary>
    internal (long Last, long Acknowledged)? OutboxAfter => _outbox is { } o ? (o.Last, o.Acknowledged) : null;

    internal void BeginChange() => _refusal = null;

    internal void EndChange()
    {
        if (_refusal is not null)
        {
            throw new InvalidOperationException(
                $"The change carried on after the store refused one of its steps ({_refusal.Message}); the whole change is rolled back.",
                _refusal);
        }
    }

    /// <summary>The group is rolled back: a change that kept this transaction can no longer use it.</summary>
    internal void Abandon()
    {
        _ended = true;
        _committedSerials.Clear();
        _committed.Clear();
        _deferred.Lost();
    }

    /// <summary>After a rollback: writes every take record's bindings into the serial documents first (nothing is kept in memory).</summary>
    internal void MaterializeTakes() => _materialized = DeferredTakes.Materialize(_collections);

    /// <summary>LiteDB committed the transaction: the documents it holds are now the committed ones.</summary>
    internal void Committed()
    {
        CommittedTakes();
        _committedSerials.Committed(_serials, _positions);
        _committed.Committed(_workOrders, _blocksByGtin, _openQueried, _containers.Values);
        if (_outbox is { } outbox)
        {
            _committed.Outbox = (outbox.Last, outbox.Acknowledged);
        }

        if (_audit is { } audit)
        {
            _committed.Audit = (audit.Last, audit.Hash);
        }

        foreach (var (name, value) in _sequences)
        {
            _committed.Sequences[name] = value;
        }
    }

    /// <summary>Writes back the documents this transaction kept in memory; the committer commits right after.</summary>
    internal void Complete()
    {
        WriteBackSerials();
        RecordTakes();
        WriteBackContainers();
        foreach (var id in _dirtyWorkOrders)
        {
            _collections.WorkOrders.Upsert(_workOrders[id].ToBson());
        }

        foreach (var block in _dirtyBlocks)
        {
            _collections.Blocks.Update(block.ToBson());
        }

        if (_outbox is { Dirty: true } outbox)
        {
            _collections.Meta.Upsert(new BsonDocument { ["_id"] = OutboxHead.Id, ["last"] = outbox.Last, ["acked"] = outbox.Acknowledged });
        }

        if (_audit is { Dirty: true } audit)
        {
            _collections.Meta.Upsert(new BsonDocument { ["_id"] = AuditHead.Id, ["last"] = audit.Last, ["hash"] = audit.Hash });
        }

        _ended = true;
    }

    /// <summary>The next value of a named counter of this line, from 1 (e.g. SSCC serial references).</summary>
    /// <exception cref="ArgumentException"><paramref name="name"/> is blank.</exception>
    public long NextSequence(string name) => Step(() =>
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var id = "seq:" + name;
        if (!_sequences.TryGetValue(id, out var last) && !_committed.Sequences.TryGetValue(id, out last))
        {
            last = _collections.Meta.FindById(id)?["v"].AsInt64 ?? 0;
        }

        var next = last + 1;
        _collections.Meta.Upsert(new BsonDocument { ["_id"] = id, ["v"] = next });
        _sequences[id] = next;
        return next;
    });

    /// <summary>Runs one operation; a refusal is remembered so the change cannot swallow it and carry on.</summary>
    private T Step<T>(Func<T> operation)
    {
        ObjectDisposedException.ThrowIf(_ended, this);
        try
        {
            return operation();
        }
        catch (Exception e)
        {
            _refusal ??= e;
            throw;
        }
    }

    private void Step(Action operation) => Step(() =>
    {
        operation();
        return true;
    });

    private DateTimeOffset Now() => _time.GetUtcNow();

    /// <summary>The serial document with this id, from this transaction's cache, the committed ones kept, or the file.</summary>
    private BsonDocument? Serial(string id)
    {
        if (_serials.TryGetValue(id, out var cached))
        {
            return cached;
        }

        if (_deferred.Documents.TryGetValue(id, out var taken) || _committedSerials.TryGet(id, out taken))
        {
            _serials[id] = taken;
            return taken;
        }

        var doc = _collections.Serials.FindById(id);
        if (doc is not null)
        {
            _serials[id] = doc;
        }

        return doc;
    }

    /// <summary>The cached instance of a document a query returned (the query may have read a stale copy).</summary>
    private BsonDocument Canonical(BsonDocument found)
    {
        var id = found["_id"].AsString;
        if (_serials.TryGetValue(id, out var cached))
        {
            return cached;
        }

        if (_deferred.Documents.TryGetValue(id, out var committed) || _committedSerials.TryGet(id, out committed))
        {
            found = committed;
        }

        _serials[id] = found;
        return found;
    }

    private void Changed(BsonDocument serial) => _dirtySerials.Add(serial["_id"].AsString);

    /// <summary>Writes changed serial documents to LiteDB, so that indexed queries see them.</summary>
    private void WriteBackSerials()
    {
        foreach (var id in _dirtySerials)
        {
            _collections.Serials.Update(_serials[id]);
            _written.Add(id);
        }

        _dirtySerials.Clear();
    }

    /// <summary>Writes every changed serial document and every deferred take's, so that a query over serials sees all units.</summary>
    private void WriteBackSerialsForQuery()
    {
        foreach (var id in _deferred.Documents.Keys)
        {
            Changed(Serial(id)!);
        }

        foreach (var take in _taken)
        {
            Changed(_serials[take.Id]);
        }

        WriteBackSerials();
    }

    /// <summary>Appends an event to the outbox with the next sequence and a fresh id.</summary>
    private void AddEvent(string workOrderId, LineEvent lineEvent)
    {
        var outbox = Outbox();
        var now = Now();
        var id = Guid.CreateVersion7(now);
        lineEvent.EventId = id.ToString();
        lineEvent.Sequence = outbox.Last + 1;
        lineEvent.OccurredAt = Timestamp.FromDateTimeOffset(now);
        lineEvent.WorkOrderId = workOrderId;
        _collections.Outbox.Insert(new BsonDocument
        {
            ["_id"] = lineEvent.Sequence,
            ["id"] = id,
            ["wo"] = workOrderId,
            ["body"] = lineEvent.ToByteArray(),
        });
        outbox.Last = lineEvent.Sequence;
        outbox.Dirty = true;
    }

    private OutboxHead Outbox()
    {
        if (_outbox is null && _committed.Outbox is { } kept)
        {
            _outbox = new OutboxHead { Last = kept.Last, Acknowledged = kept.Acknowledged };
        }

        if (_outbox is null)
        {
            var doc = _collections.Meta.FindById(OutboxHead.Id);
            _outbox = new OutboxHead { Last = doc?["last"].AsInt64 ?? 0, Acknowledged = doc?["acked"].AsInt64 ?? 0 };
        }

        return _outbox;
    }

    private AuditHead Audit()
    {
        if (_audit is null && _committed.Audit is { } kept)
        {
            _audit = new AuditHead { Last = kept.Last, Hash = kept.Hash };
        }

        if (_audit is null)
        {
            var doc = _collections.Meta.FindById(AuditHead.Id);
            _audit = new AuditHead { Last = doc?["last"].AsInt64 ?? 0, Hash = doc?["hash"].AsString ?? AuditChain.GenesisHash };
        }

        return _audit;
    }

    private static Contracts.Line.V1.UnitId ToUnitId(UnitKey key) => new() { Gtin = key.Gtin.Value, Serial = key.Serial.Value };

    private static ItemId ToItem(UnitKey key) => new() { Unit = ToUnitId(key) };

    private static ItemId ToItem(string sscc) => new() { Sscc = sscc };

    private sealed class OutboxHead
    {
        public const string Id = "outbox";

        public long Last { get; set; }

        public long Acknowledged { get; set; }

        public bool Dirty { get; set; }
    }

    private sealed class AuditHead
    {
        public const string Id = "audit";

        public long Last { get; set; }

        public string Hash { get; set; } = AuditChain.GenesisHash;

        public bool Dirty { get; set; }
    }
}
