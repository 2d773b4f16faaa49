using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Logging;

namespace Traceability.LineAgent.Storage;

/// <summary>
/// Runs every change to the line store on one dedicated thread (LiteDB binds a transaction to its thread), in
/// arrival order, in groups: the changes queued while the previous group was being flushed run in one LiteDB
/// transaction followed by one flush to disk, and their callers' tasks complete only after that flush.
/// </summary>
/// <remarks>
/// A change that throws fails only its own caller: the group's transaction is rolled back and the other changes run
/// again without it. Changes must therefore act only through the transaction they are given (no side effects
/// outside it): they may run more than once, and only the last run counts. If the commit or the flush fails, every
/// change of the group fails and the committer stops (faulted): after a failed fsync nothing is certain about the file.
/// </remarks>
internal sealed class GroupCommitter : IDisposable
{
    private readonly object _gate = new();
    private readonly Queue<PendingChange> _queue = new();
    private readonly IGroupCommitTarget _target;
    private readonly int _maxGroupSize;
    private readonly ILogger _logger;
    private readonly Thread _thread;
    private bool _stopping;
    private LineStoreFaultedException? _fault;
    private long _groups;
    private long _changes;
    private long _flushes;
    private long _runTicks;
    private long _commitTicks;
    private long _flushTicks;

    public GroupCommitter(IGroupCommitTarget target, int maxGroupSize, string name, ILogger logger)
    {
        _target = target;
        _maxGroupSize = maxGroupSize;
        _logger = logger;
        _thread = new Thread(Run) { IsBackground = true, Name = "LineStore " + name };
        _thread.Start();
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
        Interlocked.Read(ref _flushTicks));

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

    /// <summary>Lets the queued changes finish, then stops the thread.</summary>
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
            }

            group.Clear();
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

            var flushing = Stopwatch.GetTimestamp();
            Interlocked.Add(ref _commitTicks, flushing - committing);
            try
            {
                _target.FlushToDisk();
            }
            catch (Exception e)
            {
                Stop(live, "flush to disk", e);
                return;
            }

            Interlocked.Add(ref _flushTicks, Stopwatch.GetTimestamp() - flushing);
            Interlocked.Increment(ref _flushes);
            Interlocked.Increment(ref _groups);
            Interlocked.Add(ref _changes, live.Count);
            _target.Durable(transaction);
            foreach (var change in live)
            {
                change.Succeed();
            }

            if (_logger.IsEnabled(LogLevel.Trace))
            {
                var milliseconds = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                StoreLog.GroupCommitted(_logger, live.Count, reruns, milliseconds);
            }

            return;
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
            _fault = fault;
            queued = [.. _queue];
            _queue.Clear();
        }

        StoreLog.Faulted(_logger, step, cause);
        foreach (var change in live.Concat(queued))
        {
            change.Fail(fault);
        }
    }
}
