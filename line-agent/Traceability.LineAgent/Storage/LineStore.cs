using LiteDB;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Traceability.Core.Gs1;
using Traceability.LineAgent.Outbox;

namespace Traceability.LineAgent.Storage;

/// <summary>
/// The line's storage: one LiteDB file holding the serial pool, units, cases and pallets, work orders, the outbox
/// and the audit trail. All changes go through <see cref="CommitAsync{T}"/>, which completes only once the change
/// is on disk (group commit: one LiteDB transaction and one fsync for all changes queued meanwhile).
/// </summary>
/// <remarks>
/// Reads run on the caller's thread against committed data. Committed is not always durable yet (a group is
/// readable between its commit and its fsync, a fraction of a millisecond): what must not be seen before it is on
/// disk, the outbox, is bounded by <see cref="LineOutbox.DurableSequence"/>.
/// </remarks>
public sealed class LineStore : IDisposable, IGroupCommitTarget
{
    /// <summary>
    /// The log size (LiteDB pages of 8 KB) from which the committer checkpoints when it has nothing queued: small
    /// checkpoints between groups at a line's pace instead of a big one inside a unit's commit.
    /// </summary>
    internal const int IdleCheckpointPages = 100;

    /// <summary>The log size from which the committer checkpoints after a group even when changes are queued (LiteDB's default).</summary>
    internal const int MaxLogPages = 1000;

    private const int PageSize = 8192;

    private readonly IStoreMedium _medium;
    private readonly LiteDatabase _db;
    private readonly StoreCollections _collections;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly OutboxWatermarks _watermarks;
    private readonly GroupCommitter _committer;
    private readonly SerialDocumentCache _committedSerials = new();
    private readonly CommittedRecords _committedRecords = new();
    private readonly DeferredTakes _deferredTakes = new();
    private readonly bool _flushToDisk;
    private int _disposed;

    private LineStore(IStoreMedium medium, LiteDatabase db, LineStoreOptions options, TimeProvider time, ILogger logger)
    {
        _medium = medium;
        _db = db;
        _time = time;
        _logger = logger;
        _flushToDisk = options.FlushToDisk;
        LineId = options.LineId;
        // LiteDB's automatic checkpoint runs inside Commit(), before the store has fsynced that commit's log pages:
        // the committer checkpoints itself instead (see Checkpoint). Also stops LiteDB's checkpoint on dispose.
        db.CheckpointSize = 0;
        _collections = new StoreCollections(db);
        _collections.EnsureIndexes();
        CheckLineIdentity(options.LineId);
        MaterializeTakes(medium);
        var outbox = _collections.Meta.FindById("outbox");
        var last = outbox?["last"].AsInt64 ?? 0;
        var acknowledged = outbox?["acked"].AsInt64 ?? 0;
        _watermarks = new OutboxWatermarks(last, acknowledged);
        _committer = new GroupCommitter(this, options.MaxGroupSize, options.LineId, logger);
        Outbox = new LineOutbox(_collections, _watermarks, _committer);
        StoreLog.Opened(logger, medium.Name, options.LineId, last, last - acknowledged);
    }

    /// <summary>The line this store belongs to.</summary>
    public string LineId { get; }

    /// <summary>The store-and-forward queue of events for central.</summary>
    public LineOutbox Outbox { get; }

    /// <summary>Opens the store file (creating it on first use) for the configured line.</summary>
    /// <exception cref="OptionsValidationException">The options are invalid.</exception>
    /// <exception cref="IOException">The file is in use by another process or cannot be opened.</exception>
    /// <exception cref="InvalidOperationException">The file belongs to another line.</exception>
    public static LineStore Open(LineStoreOptions options, TimeProvider? timeProvider = null, ILogger<LineStore>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var validation = new LineStoreOptionsValidator().Validate(null, options);
        if (validation.Failed)
        {
            throw new OptionsValidationException(LineStoreOptions.SectionName, typeof(LineStoreOptions), validation.Failures);
        }

        return Open(options, FileStoreMedium.Open(options.Path, options.FlushToDisk), timeProvider, logger);
    }

    /// <summary>Opens the store over <paramref name="medium"/>, which it then owns.</summary>
    internal static LineStore Open(LineStoreOptions options, IStoreMedium medium, TimeProvider? timeProvider, ILogger? logger)
    {
        LiteDatabase? db = null;
        try
        {
            // A process killed after a commit but before its fsync left pages in the operating system's cache;
            // flush them now so that everything this store finds in the file is durable before it is acted on.
            medium.Data.Flush();
            medium.Log.Flush();
            // The (data, mapper, log) constructor is EngineSettings { DataStream, LogStream } with the engine owned by
            // the database. LiteDB neither closes nor deletes streams it was given; the medium does.
            db = new LiteDatabase(medium.Data, mapper: null, logStream: medium.Log);
            var store = new LineStore(medium, db, options, timeProvider ?? TimeProvider.System, logger ?? NullLogger.Instance);
            db = null;
            return store;
        }
        catch
        {
            db?.Dispose();
            medium.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Runs <paramref name="change"/> in the next group commit and completes with its result once the change is on disk.
    /// </summary>
    /// <remarks>
    /// The change runs on the store's committer thread and must act only through the transaction: it may run more
    /// than once (when another change of its group fails, the group is rolled back and run again without that one),
    /// and only its last run counts. If it throws, only its own task fails and nothing it wrote is kept. Cancelling
    /// drops the change while it waits in the queue; once it has started, the task reports what really happened.
    /// </remarks>
    /// <exception cref="LineStoreFaultedException">The store could not write to disk; restart the agent.</exception>
    /// <exception cref="ObjectDisposedException">The store is closed.</exception>
    public Task<T> CommitAsync<T>(Func<LineStoreTransaction, T> change, CancellationToken cancellationToken) =>
        _committer.SubmitAsync(change, cancellationToken);

    /// <inheritdoc cref="CommitAsync{T}"/>
    public Task CommitAsync(Action<LineStoreTransaction> change, CancellationToken cancellationToken) =>
        _committer.SubmitAsync(change, cancellationToken);

    /// <summary>Where the group committer's time went since the store opened.</summary>
    internal CommitterStatistics CommitterStatistics => _committer.Statistics;

    /// <summary>A unit by GTIN + serial; null when the serial is not on a unit of this line.</summary>
    public UnitRecord? FindUnit(UnitKey unit)
    {
        // The deferred binding first: if its document is written meanwhile, the document carries it.
        (string, long)? taken = _deferredTakes.Published.TryGetValue(unit.Id, out var binding) ? binding : null;
        var doc = DeferredTakes.Reading(_collections.Serials.FindById(unit.Id), taken);
        return doc is not null && StoreDocuments.IsUnit(doc) ? StoreDocuments.ToUnit(doc) : null;
    }

    /// <summary>Every unit of a work order (unordered).</summary>
    public IReadOnlyList<UnitRecord> UnitsOf(string workOrderId)
    {
        var taken = TakenNotWritten(workOrderId);
        var units = StoreQueries.UnitsOf(_collections, workOrderId);
        var listed = units.Select(u => u.Key.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var (id, binding) in taken.Where(t => !listed.Contains(t.Key)))
        {
            if (DeferredTakes.Reading(_collections.Serials.FindById(id), binding) is { } doc && StoreDocuments.IsUnit(doc))
            {
                units.Add(StoreDocuments.ToUnit(doc));
            }
        }

        return units;
    }

    /// <summary>Verified units of the work order in no case and not loose for rework (see <see cref="StoreQueries.VerifiedUnpacked"/>).</summary>
    public IReadOnlyList<UnitKey> VerifiedUnpackedUnits(string workOrderId) => StoreQueries.VerifiedUnpacked(_collections, workOrderId);

    /// <summary>A work order and its stored counts; null when unknown.</summary>
    public WorkOrderRecord? FindWorkOrder(string workOrderId)
    {
        var doc = _collections.WorkOrders.FindById(workOrderId);
        return doc is null ? null : WorkOrderDocument.FromBson(doc).ToRecord();
    }

    /// <summary>Every work order on this line.</summary>
    public IReadOnlyList<WorkOrderRecord> WorkOrders() =>
        [.. _collections.WorkOrders.FindAll().Select(d => WorkOrderDocument.FromBson(d).ToRecord())];

    /// <summary>
    /// The work order's counts recounted from its units' states, independent of the counters the store keeps: a
    /// full scan of the order's units, for checks and for the close.
    /// </summary>
    public Reconciliation CountFromData(string workOrderId)
    {
        var taken = TakenNotWritten(workOrderId);
        var counts = default(Reconciliation);
        var counted = new HashSet<string>(StringComparer.Ordinal);
        foreach (var doc in _collections.Serials.Find(Where.Equal("wo", workOrderId)))
        {
            counts += Reconciliation.Of(StoreDocuments.State(doc), StoreDocuments.InCase(doc));
            counted.Add(doc["_id"].AsString);
        }

        // A take whose document does not carry it yet is a unit still Allocated, in no case.
        foreach (var _ in taken.Where(t => !counted.Contains(t.Key)))
        {
            counts += Reconciliation.Of(Core.Lifecycle.SerialState.Allocated, inCase: false);
        }

        return counts;
    }

    /// <summary>A case or pallet; null when unknown.</summary>
    public ContainerRecord? FindContainer(Sscc sscc) => StoreQueries.FindContainer(_collections, sscc);

    /// <summary>The case or pallet the line is filling for the work order (not one reopened for rework); null when none.</summary>
    public ContainerRecord? FindOpenContainer(string workOrderId, ContainerKind kind) =>
        StoreQueries.FindOpenContainerDocument(_collections, workOrderId, kind) is { } doc ? StoreDocuments.ToContainer(doc) : null;

    /// <summary>Every case and pallet of a work order.</summary>
    public IReadOnlyList<ContainerRecord> ContainersOf(string workOrderId) => StoreQueries.ContainersOf(_collections, workOrderId);

    /// <summary>The serial pool for one GTIN.</summary>
    public SerialPoolStatus PoolStatus(Gtin gtin) => StoreQueries.PoolStatus(_collections, gtin);

    /// <summary>Audit records from <paramref name="fromSequence"/> on, in order.</summary>
    public IReadOnlyList<AuditRecord> ReadAudit(long fromSequence, int maxCount) => StoreQueries.ReadAudit(_collections, fromSequence, maxCount);

    /// <summary>
    /// Recomputes the audit trail's hash chain from the first record and names the first record that does not
    /// verify: changed content, a broken link, a gap, or records missing at the end.
    /// </summary>
    public AuditVerification VerifyAuditChain()
    {
        var head = _collections.Meta.FindById("audit");
        return AuditChain.Verify(
            _collections.Audit.FindAll().Select(StoreDocuments.ToAudit).OrderBy(r => r.Sequence),
            head is null ? null : (head["last"].AsInt64, head["hash"].AsString));
    }

    /// <summary>Finishes the queued changes, then closes the file (LiteDB checkpoints its log into the data file).</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _committer.Dispose();
        _watermarks.Close(() => new ObjectDisposedException(nameof(LineStore), "The line store is closed."));
        if (_committer.Fault is not null)
        {
            // The file's state is unknown after a failed write; close the handles and let the restart reopen it.
            FaultedDatabases.Park(_db);
            _medium.Dispose();
            return;
        }

        try
        {
            // The log is durable (the flusher is done); the checkpoint copies it into the data file (and flushes the
            // data file) and truncates the log; the truncation is made durable below so that the next open does not
            // replay what is already in place.
            Checkpoint();
            _db.Dispose();
            _medium.Log.Flush();
        }
        finally
        {
            _medium.Dispose();
        }

        StoreLog.Closed(_logger, _medium.Name);
    }

    LineStoreTransaction IGroupCommitTarget.Begin()
    {
        _db.BeginTrans();
        var transaction = new LineStoreTransaction(_collections, _committedSerials, _committedRecords, _deferredTakes, _time);
        if (_deferredTakes.MaterializeFirst)
        {
            transaction.MaterializeTakes();
        }

        return transaction;
    }

    void IGroupCommitTarget.Commit(LineStoreTransaction transaction)
    {
        try
        {
            transaction.Complete();
            _db.Commit();
        }
        catch
        {
            _committedSerials.Clear();
            _committedRecords.Clear();
            _deferredTakes.Lost();
            throw;
        }

        transaction.Committed();
    }

    void IGroupCommitTarget.Rollback()
    {
        _committedSerials.Clear();
        _committedRecords.Clear();
        _deferredTakes.Lost();
        _db.Rollback();
    }

    void IGroupCommitTarget.FlushToDisk()
    {
        // LiteDB wrote the group's log pages inside Commit() (no buffer is left in the process); this fsync is what
        // makes them survive a power loss. A checkpoint during the commit flushed the data file through the same stream.
        if (_flushToDisk)
        {
            _medium.Log.Flush();
        }
    }

    bool IGroupCommitTarget.AfterGroup(bool idle)
    {
        var length = _medium.Log.Length;
        if (length < (idle ? IdleCheckpointPages : MaxLogPages) * (long)PageSize)
        {
            return false;
        }

        Checkpoint();
        return true;
    }

    void IGroupCommitTarget.Durable(LineStoreTransaction transaction)
    {
        if (transaction.OutboxAfter is { } outbox)
        {
            _watermarks.Publish(outbox.Last, outbox.Acknowledged);
        }

        if (transaction.DriftedCounts is { } drift && _logger.IsEnabled(LogLevel.Error))
        {
            StoreLog.CountsDrifted(_logger, drift.WorkOrderId, drift.Stored.ToString(), drift.Counted.ToString());
        }
    }

    /// <summary>
    /// Copies the log into the data file. The log is fsynced first: LiteDB copies every committed page, also those of
    /// a group whose fsync the flusher has not finished, and a data file holding a group the log does not durably hold
    /// breaks recovery after a power loss (the log's older pages are replayed over the newer data: torn state, seen in
    /// the power-loss test). Then LiteDB fsyncs the data file (DiskFlushingStream) and truncates the log.
    /// </summary>
    private void Checkpoint()
    {
        if (_flushToDisk)
        {
            _medium.Log.Flush();
        }

        _db.Checkpoint();
    }

    /// <summary>The committed takes of a work order whose serial documents do not carry them yet (read before the documents).</summary>
    private List<KeyValuePair<string, (string WorkOrderId, long PlcSequence)>> TakenNotWritten(string workOrderId) =>
        [.. _deferredTakes.Published.Where(t => string.Equals(t.Value.WorkOrderId, workOrderId, StringComparison.Ordinal))];

    /// <summary>
    /// At open: the take records a previous run left (it stopped before the units' next changes wrote their serial
    /// documents) are written into the documents, in one transaction made durable before anything reads the file.
    /// </summary>
    private void MaterializeTakes(IStoreMedium medium)
    {
        _db.BeginTrans();
        var bound = DeferredTakes.Materialize(_collections);
        _db.Commit();
        if (bound.Count > 0)
        {
            if (_flushToDisk)
            {
                medium.Log.Flush();
            }

            StoreLog.TakesMaterialized(_logger, bound.Count);
        }
    }

    private void CheckLineIdentity(string lineId)
    {
        var line = _collections.Meta.FindById("line");
        if (line is null)
        {
            _collections.Meta.Insert(new BsonDocument { ["_id"] = "line", ["id"] = lineId, ["created"] = _time.GetUtcNow().UtcTicks });
            return;
        }

        var stored = line["id"].AsString;
        if (!string.Equals(stored, lineId, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"The store file {_medium.Name} belongs to line '{stored}', not to '{lineId}'; each line has its own file.");
        }
    }
}
