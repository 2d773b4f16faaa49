namespace Traceability.LineAgent.Outbox;

/// <summary>
/// The outbox's two positions as the running store knows them: the highest sequence that is durable (safe to send)
/// and the highest central acknowledged. Only the group committer moves them, after a flush to disk.
/// </summary>
internal sealed class OutboxWatermarks(long durable, long acknowledged)
{
    private readonly Lock _lock = new();
    private TaskCompletionSource _changed = NewSignal();
    private long _durable = durable;
    private long _acknowledged = acknowledged;
    private Func<Exception>? _closed;

    public long Durable
    {
        get
        {
            lock (_lock)
            {
                return _durable;
            }
        }
    }

    public long Acknowledged
    {
        get
        {
            lock (_lock)
            {
                return _acknowledged;
            }
        }
    }

    public void Publish(long durable, long acknowledged)
    {
        TaskCompletionSource signal;
        lock (_lock)
        {
            if (durable == _durable && acknowledged == _acknowledged)
            {
                return;
            }

            _durable = Math.Max(_durable, durable);
            _acknowledged = Math.Max(_acknowledged, acknowledged);
            signal = _changed;
            _changed = NewSignal();
        }

        signal.TrySetResult();
    }

    /// <summary>Wakes every waiter with the exception <paramref name="reason"/> makes; later waits throw it at once.</summary>
    public void Close(Func<Exception> reason)
    {
        TaskCompletionSource signal;
        lock (_lock)
        {
            _closed ??= reason;
            signal = _changed;
        }

        signal.TrySetException(reason());
    }

    public async Task WaitForDurableBeyondAsync(long sequence, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task changed;
            lock (_lock)
            {
                if (_durable > sequence)
                {
                    return;
                }

                if (_closed is not null)
                {
                    throw _closed();
                }

                changed = _changed.Task;
            }

            await changed.WaitAsync(cancellationToken);
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
