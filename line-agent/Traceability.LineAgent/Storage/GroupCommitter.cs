using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Logging;

namespace Traceability.LineAgent.Storage;

/// <summary>
/// Runs every change to the line store on one dedicated thread (LiteDB binds a transaction to its thread), in
/// arrival order, in groups: the changes queued while the previous group ran run in one LiteDB transaction, and their
/// callers' tasks complete only after a flush to disk that began after that transaction was committed.
/// </summary>
/// <remarks>
/// <para>
/// The flush runs on a second thread, so the fsync of one group overlaps running and committing the next ones: the
/// committer hands each committed group to the flusher and goes on; the flusher takes every group committed so far,
/// flushes once, and only then tells their callers, in commit order. A later group may read what an earlier one wrote
/// before that is on disk, but it is itself acknowledged only after a flush that covers both (one log, written in order).
/// </para>
/// <para>
/// A change that throws fails only its own caller: the group's transaction is rolled back and the other changes run
/// again without it. Changes must therefore act only through the transaction they are given (no side effects
/// outside it): they may run more than once, and only the last run counts. If the commit or the flush fails, every
/// change not yet acknowledged fails and the committer stops (faulted): after a failed fsync nothing is certain about
/// the file.
/// </para>
/// </remarks>
internal sealed class GroupCommitter : IDisposable
{
    private readonly object _gate = new();
    private readonly Queue<PendingChange> _queue = new();
    private readonly IGroupCommitTarget _target;
    private readonly int _maxGroupSize;
    private readonly ILogger _logger;
    private readonly Thread _thread;
    private readonly object _flushGate = new();
    private readonly Queue<CommittedGroup> _committed = new();
    private readonly Thread _flusher;
    private bool _committerDone;
    private bool _stopping;
    private LineStoreFaultedException? _fault;
    private long _groups;
    private long _changes;
    private long _flushes;
    private long _runTicks;
    private long _commitTicks;
    private long _flushTicks;
    private long _checkpoints;
    private long _checkpointTicks;

    public GroupCommitter(IGroupCommitTarget target, int maxGroupSize, string name, ILogger logger)
    {
        _target = target;
        _maxGroupSize = maxGroupSize;
        _logger = logger;
        _thread = new Thread(Run) { IsBackground = true, Name = "LineStore " + name };
        _flusher = new Thread(Flush) { IsBackground = true, Name = "LineStore flush " + name };
        _thread.Start();
        _flusher.Start();
    }

    /// <summary>The exception every change fails with once the store is faulted; null while healthy.</summary>
    public LineStoreFaultedException? Fault
    {
        get
        {
            lock (_gate)
            {
                return _fault;
            }
        }
    }

    /// <summary>Counts and times since the store opened.</summary>
    public CommitterStatistics Statistics => new(
        Interlocked.Read(ref _groups),
        Interlocked.Read(ref _changes),
        Interlocked.Read(ref _flushes),
        Interlocked.Read(ref _runTicks),
        Interlocked.Read(ref _commitTicks),
        Interlocked.Read(ref _flushTicks),
        Interlocked.Read(ref _checkpoints),
        Interlocked.Read(ref _checkpointTicks));

    public Task<T> SubmitAsync<T>(Func<LineStoreTransaction, T> change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<T>(cancellationToken);
        }

        var pending = new PendingChange<T>(change);
        lock (_gate)
        {
            if (_fault is not null)
            {
                return Task.FromException<T>(_fault);
            }

            if (_stopping)
            {
                return Task.FromException<T>(new ObjectDisposedException(nameof(LineStore), "The line store is closed."));
            }

            _queue.Enqueue(pending);
            if (_queue.Count == 1)
            {
                Monitor.Pulse(_gate);
            }
        }

        pending.CancelWith(cancellationToken);
        return pending.Task;
    }

    public Task SubmitAsync(Action<LineStoreTransaction> change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        return SubmitAsync<bool>(tx =>
        {
            change(tx);
            return true;
        }, cancellationToken);
    }

    /// <summary>Lets the queued changes finish and their flush complete, then stops both threads.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_stopping)
            {
                return;
            }

            _stopping = true;
            Monitor.Pulse(_gate);
        }

        _thread.Join();
        lock (_flushGate)
        {
            _committerDone = true;
            Monitor.Pulse(_flushGate);
        }

        _flusher.Join();
    }

    private void Run()
    {
        var group = new List<PendingChange>(_maxGroupSize);
        while (true)
        {
            lock (_gate)
            {
                while (_queue.Count == 0 && !_stopping)
                {
                    Monitor.Wait(_gate);
                }

                if (_queue.Count == 0)
                {
                    return;
                }

                while (group.Count < _maxGroupSize && _queue.TryDequeue(out var next))
                {
                    group.Add(next);
                }
            }

            if (Fault is { } fault)
            {
                group.ForEach(c => c.Fail(fault));
            }
            else
            {
                CommitGroup(group);
                AfterGroup();
            }

            group.Clear();
        }
    }

    /// <summary>After a group: the store's checkpoint, when the log is long or when nothing is queued and it is not short.</summary>
    private void AfterGroup()
    {
        bool idle;
        lock (_gate)
        {
            if (_fault is not null)
            {
                return;
            }

            idle = _queue.Count == 0;
        }

        var started = Stopwatch.GetTimestamp();
        try
        {
            if (_target.AfterGroup(idle))
            {
                Interlocked.Increment(ref _checkpoints);
                Interlocked.Add(ref _checkpointTicks, Stopwatch.GetTimestamp() - started);
            }
        }
        catch (Exception e)
        {
            Stop([], "checkpoint", e);
        }
    }

    private void CommitGroup(List<PendingChange> group)
    {
        var live = group.Where(c => c.TryStart()).ToList();
        var started = Stopwatch.GetTimestamp();
        var reruns = 0;
        while (live.Count > 0)
        {
            var running = Stopwatch.GetTimestamp();
            LineStoreTransaction transaction;
            try
            {
                transaction = _target.Begin();
            }
            catch (Exception e)
            {
                Stop(live, "open a transaction", e);
                return;
            }

            if (!TryRunChanges(transaction, live, running, out var failed, out var error))
            {
                transaction.Abandon();
                try
                {
                    _target.Rollback();
                }
                catch (Exception e)
                {
                    live[failed].Fail(error);
                    live.RemoveAt(failed);
                    Stop(live, "roll back a failed change", e);
                    return;
                }

                if (_logger.IsEnabled(LogLevel.Debug))
                {
                    var type = error.GetType().Name;
                    StoreLog.ChangeFailed(_logger, type, error.Message, live.Count - 1);
                }

                live[failed].Fail(error);
                live.RemoveAt(failed);
                reruns++;
                continue;
            }

            var committing = Stopwatch.GetTimestamp();
            try
            {
                _target.Commit(transaction);
            }
            catch (Exception e)
            {
                TryRollback();
                Stop(live, "commit", e);
                return;
            }

            Interlocked.Add(ref _commitTicks, Stopwatch.GetTimestamp() - committing);
            Interlocked.Increment(ref _groups);
            Interlocked.Add(ref _changes, live.Count);
            lock (_flushGate)
            {
                _committed.Enqueue(new CommittedGroup(live, transaction, started, reruns));
                if (_committed.Count == 1)
                {
                    Monitor.Pulse(_flushGate);
                }
            }

            return;
        }
    }

    /// <summary>
    /// The flusher thread: takes every group committed so far, flushes once (the flush begins after their commits),
    /// then acknowledges them in commit order.
    /// </summary>
    private void Flush()
    {
        var batch = new List<CommittedGroup>();
        while (true)
        {
            lock (_flushGate)
            {
                while (_committed.Count == 0 && !_committerDone)
                {
                    Monitor.Wait(_flushGate);
                }

                if (_committed.Count == 0)
                {
                    return;
                }

                batch.AddRange(_committed);
                _committed.Clear();
            }

            if (Fault is { } fault)
            {
                // The store stopped (a later commit or an earlier flush failed): what it has not acknowledged stays
                // unacknowledged, and the restart finds whatever reached the disk.
                batch.ForEach(g => g.Changes.ForEach(c => c.Fail(fault)));
            }
            else
            {
                FlushAndAcknowledge(batch);
            }

            batch.Clear();
        }
    }

    private void FlushAndAcknowledge(List<CommittedGroup> batch)
    {
        var flushing = Stopwatch.GetTimestamp();
        try
        {
            _target.FlushToDisk();
        }
        catch (Exception e)
        {
            Stop([.. batch.SelectMany(g => g.Changes)], "flush to disk", e);
            return;
        }

        Interlocked.Add(ref _flushTicks, Stopwatch.GetTimestamp() - flushing);
        Interlocked.Increment(ref _flushes);
        foreach (var group in batch)
        {
            _target.Durable(group.Transaction);
            foreach (var change in group.Changes)
            {
                change.Succeed();
            }

            if (_logger.IsEnabled(LogLevel.Trace))
            {
                var milliseconds = Stopwatch.GetElapsedTime(group.Started).TotalMilliseconds;
                StoreLog.GroupCommitted(_logger, group.Changes.Count, group.Reruns, milliseconds);
            }
        }
    }

    private bool TryRunChanges(LineStoreTransaction transaction, List<PendingChange> live, long started, out int failed, [NotNullWhen(false)] out Exception? error)
    {
        try
        {
            return TryRunChanges(transaction, live, out failed, out error);
        }
        finally
        {
            Interlocked.Add(ref _runTicks, Stopwatch.GetTimestamp() - started);
        }
    }

    private static bool TryRunChanges(LineStoreTransaction transaction, List<PendingChange> live, out int failed, [NotNullWhen(false)] out Exception? error)
    {
        for (var i = 0; i < live.Count; i++)
        {
            try
            {
                transaction.BeginChange();
                live[i].Run(transaction);
                transaction.EndChange();
            }
            catch (Exception e)
            {
                failed = i;
                error = e;
                return false;
            }
        }

        failed = -1;
        error = null;
        return true;
    }

    private void TryRollback()
    {
        try
        {
            _target.Rollback();
        }
        catch (Exception e)
        {
            // The commit already failed; the store stops either way, and the first error is the one reported.
            StoreLog.RollbackFailed(_logger, e);
        }
    }

    private void Stop(List<PendingChange> live, string step, Exception cause)
    {
        var fault = new LineStoreFaultedException(
            $"The line store could not {step}: {cause.Message}. The changes of this group are not durable and the store accepts no more; restart the agent to reopen the file.",
            cause);
        List<PendingChange> queued;
        lock (_gate)
        {
            // The committer (a failed commit) and the flusher (a failed flush) may both stop it: the first fault stays.
            _fault ??= fault;
            fault = _fault;
            queued = [.. _queue];
            _queue.Clear();
        }

        StoreLog.Faulted(_logger, step, cause);
        foreach (var change in live.Concat(queued))
        {
            change.Fail(fault);
        }
    }

    /// <summary>A group committed to the operating system, waiting for the flush that makes it durable.</summary>
    private sealed record CommittedGroup(List<PendingChange> Changes, LineStoreTransaction Transaction, long Started, int Reruns);
}
