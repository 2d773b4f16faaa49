using Traceability.LineAgent.Outbox;

namespace Traceability.LineAgent.Central;

/// <summary>
/// The link as the HMI and the heartbeat see it: the stream's state with the last error, what the outbox still holds,
/// and events central refused. Written by the link's workers, read from any thread.
/// </summary>
public sealed class CentralLinkStatus
{
    private readonly Lock _lock = new();
    private readonly LineOutbox _outbox;
    private readonly SortedDictionary<long, RejectedEvent> _rejected = [];
    private CentralLinkState _state;
    private string? _lastError;
    private DateTimeOffset? _lastHeartbeat;

    internal CentralLinkStatus(LineOutbox outbox) => _outbox = outbox;

    /// <summary>The event stream's state.</summary>
    public CentralLinkState State
    {
        get
        {
            lock (_lock)
            {
                return _state;
            }
        }
    }

    /// <summary>Why the link is not Connected (central's status and message, or the network error); null when it is.</summary>
    public string? LastError
    {
        get
        {
            lock (_lock)
            {
                return _lastError;
            }
        }
    }

    /// <summary>When central last answered a heartbeat.</summary>
    public DateTimeOffset? LastHeartbeat
    {
        get
        {
            lock (_lock)
            {
                return _lastHeartbeat;
            }
        }
    }

    /// <summary>Durable events central has not acknowledged yet.</summary>
    public long OutboxPending => _outbox.PendingCount;

    /// <summary>The newest durable event.</summary>
    public long LastSequence => _outbox.DurableSequence;

    /// <summary>The highest sequence central acknowledged.</summary>
    public long AcknowledgedSequence => _outbox.AcknowledgedSequence;

    /// <summary>Events central refused as malformed, by sequence (an alarm while not empty).</summary>
    public IReadOnlyList<RejectedEvent> RejectedEvents
    {
        get
        {
            lock (_lock)
            {
                return [.. _rejected.Values];
            }
        }
    }

    /// <summary>Raised after the state changes (on the worker's thread; keep handlers short).</summary>
    public event Action<CentralLinkState>? StateChanged;

    /// <summary>Moves to <paramref name="state"/>; returns whether state or error changed (log only then, not on every retry).</summary>
    internal bool Set(CentralLinkState state, string? error)
    {
        bool stateChanged;
        lock (_lock)
        {
            if (_state == state && _lastError == error)
            {
                return false;
            }

            stateChanged = _state != state;
            _state = state;
            _lastError = error;
        }

        if (stateChanged)
        {
            StateChanged?.Invoke(state);
        }

        return true;
    }

    /// <summary>Records a refusal; returns true the first time this sequence is refused for this field and reason.</summary>
    internal bool Reject(RejectedEvent rejected)
    {
        lock (_lock)
        {
            var known = _rejected.TryGetValue(rejected.Sequence, out var before)
                && before.Field == rejected.Field && before.Reason == rejected.Reason;
            _rejected[rejected.Sequence] = rejected;
            return !known;
        }
    }

    /// <summary>Forgets refusals of events central has acknowledged since (it accepted them after all).</summary>
    internal void ClearRejectedUpTo(long acknowledged)
    {
        lock (_lock)
        {
            foreach (var sequence in _rejected.Keys.Where(s => s <= acknowledged).ToList())
            {
                _rejected.Remove(sequence);
            }
        }
    }

    internal void HeartbeatAnswered(DateTimeOffset at)
    {
        lock (_lock)
        {
            _lastHeartbeat = at;
        }
    }
}
