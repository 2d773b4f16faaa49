namespace Traceability.CentralApi.Storage;

/// <summary>
/// Runs requests in batches: requests arriving while a batch is executing wait and go together as the next batch (in
/// arrival order, at most <c>maxBatch</c> at a time), so the per-statement cost of a database (a round trip, executor
/// start-up, a commit's fsync) is paid once per batch instead of once per request, and at most <c>maxRunning</c> batches
/// (one by default) use the database at a time. Each caller's answer comes when its batch is done (for a write: durable).
/// </summary>
/// <remarks>
/// The caller that finds the batcher idle runs the first batch itself (no thread hop at low load) and hands any later
/// batch to the thread pool, so its own answer is not held behind requests that arrived after it. A batch that fails
/// as a whole is run again one request at a time and each caller gets its own outcome: one bad request never fails its
/// neighbours. A batch runs for every caller in it, so it is not cancelled when one of them gives up waiting.
/// </remarks>
/// <typeparam name="TItem">A request.</typeparam>
/// <typeparam name="TResult">Its answer.</typeparam>
internal sealed class RequestBatcher<TItem, TResult>
{
    private readonly Func<IReadOnlyList<TItem>, CancellationToken, Task<TResult[]>> _run;
    private readonly int _maxBatch;
    private readonly int _maxRunning;
    private readonly Lock _gate = new();
    private List<Pending> _queue = [];
    private int _running;

    /// <param name="run">Executes one batch and returns one answer per request, in order; throws when the batch failed as a whole.</param>
    /// <param name="maxBatch">The most requests in one batch.</param>
    /// <param name="maxRunning">The most batches running at once (more uses more cores, but makes smaller batches).</param>
    public RequestBatcher(Func<IReadOnlyList<TItem>, CancellationToken, Task<TResult[]>> run, int maxBatch, int maxRunning = 1)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatch, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRunning, 1);
        _run = run;
        _maxBatch = maxBatch;
        _maxRunning = maxRunning;
    }

    /// <summary>Runs <paramref name="item"/> in the next batch and returns its answer.</summary>
    public Task<TResult> RunAsync(TItem item, CancellationToken cancellationToken = default)
    {
        var pending = new Pending(item);
        return Enqueue([pending]) ? LeadAsync(pending, cancellationToken) : pending.Done.Task.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// Queues <paramref name="items"/> at once, so they go in the same batch when they fit in one, and returns each
    /// one's answer (each succeeds or fails on its own).
    /// </summary>
    public IReadOnlyList<Task<TResult>> RunTogether(IReadOnlyList<TItem> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var pending = items.Select(i => new Pending(i)).ToList();
        if (pending.Count > 0 && Enqueue(pending))
        {
            _ = Task.Run(DrainAsync, CancellationToken.None);
        }

        return [.. pending.Select(p => p.Done.Task)];
    }

    /// <returns>True when the caller is to start running batches.</returns>
    private bool Enqueue(List<Pending> pending)
    {
        lock (_gate)
        {
            _queue.AddRange(pending);
            if (_running >= _maxRunning)
            {
                return false;
            }

            _running++;
            return true;
        }
    }

    private async Task<TResult> LeadAsync(Pending own, CancellationToken cancellationToken)
    {
        // The first batch holds this request, unless another running batch took it first.
        await RunNextBatchAsync();
        if (!TryStop())
        {
            _ = Task.Run(DrainAsync, CancellationToken.None);
        }

        return await own.Done.Task.WaitAsync(cancellationToken);
    }

    private async Task DrainAsync()
    {
        do
        {
            await RunNextBatchAsync();
        }
        while (!TryStop());
    }

    private bool TryStop()
    {
        lock (_gate)
        {
            if (_queue.Count > 0)
            {
                return false;
            }

            _running--;
            return true;
        }
    }

    private async Task RunNextBatchAsync()
    {
        List<Pending> batch;
        lock (_gate)
        {
            if (_queue.Count <= _maxBatch)
            {
                batch = _queue;
                _queue = [];
            }
            else
            {
                batch = _queue.GetRange(0, _maxBatch);
                _queue.RemoveRange(0, _maxBatch);
            }
        }

        if (batch.Count == 0)
        {
            return;
        }

        try
        {
            var items = new TItem[batch.Count];
            for (var i = 0; i < items.Length; i++)
            {
                items[i] = batch[i].Item;
            }

            var results = await _run(items, CancellationToken.None);
            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Done.TrySetResult(results[i]);
            }
        }
        catch (Exception) when (batch.Count > 1)
        {
            foreach (var pending in batch)
            {
                try
                {
                    pending.Done.TrySetResult((await _run([pending.Item], CancellationToken.None))[0]);
                }
                catch (Exception e)
                {
                    pending.Done.TrySetException(e);
                }
            }
        }
        catch (Exception e)
        {
            batch[0].Done.TrySetException(e);
        }
    }

    private sealed class Pending(TItem item)
    {
        public TItem Item { get; } = item;

        public TaskCompletionSource<TResult> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
