using System.Threading.Channels;

namespace Traceability.OpcUa;

/// <summary>
/// Value changes of a set of monitored nodes, as an async stream. Survives reconnects; after one, each node's current
/// value is delivered with <see cref="DataChange.IsReconciliation"/> set, because notifications during the outage are
/// lost: reconcile counters by value, never by counting notifications.
/// </summary>
public sealed class OpcUaSubscription : IAsyncEnumerable<DataChange>, IAsyncDisposable
{
    private readonly OpcUaClient _client;
    private readonly Channel<DataChange> _changes = System.Threading.Channels.Channel.CreateUnbounded<DataChange>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Dictionary<NodeId, int> _handles = [];
    private readonly Lock _order = new();
    private readonly SortedDictionary<uint, (int Handle, DataValue Value)[]> _early = [];
    private uint _nextSequence = 1;
    private int _disposed;

    internal OpcUaSubscription(OpcUaClient client, NodeId[] nodeIds, TimeSpan publishingInterval, TimeSpan? samplingInterval)
    {
        _client = client;
        NodeIds = nodeIds;
        PublishingInterval = publishingInterval;
        SamplingInterval = samplingInterval;
        for (var i = 0; i < nodeIds.Length; i++)
        {
            _handles.TryAdd(nodeIds[i], i + 1);
        }
    }

    /// <summary>The monitored nodes.</summary>
    public IReadOnlyList<NodeId> NodeIds { get; }

    /// <summary>The requested publishing interval.</summary>
    public TimeSpan PublishingInterval { get; }

    /// <summary>
    /// The requested sampling interval of each monitored item: null samples at the publishing interval (changes between
    /// two samples fold into one); zero asks for every change (exception-based where the server supports it).
    /// </summary>
    public TimeSpan? SamplingInterval { get; }

    internal uint ServerId { get; private set; }

    /// <summary>The subscription now lives on the server under <paramref name="serverId"/>; its messages count from 1.</summary>
    internal void Created(uint serverId)
    {
        lock (_order)
        {
            ServerId = serverId;
            _nextSequence = 1;
            _early.Clear();
        }
    }

    /// <summary>
    /// Delivers one notification message's changes in the server's order. Publish responses are handled on several
    /// requests at once, so message n+1 may be dispatched before message n: it waits (up to
    /// <paramref name="maxAhead"/> messages; beyond that the missing one is taken as lost) so that a counter is never
    /// seen to step back.
    /// </summary>
    internal void DeliverMessage(uint sequence, (int Handle, DataValue Value)[] changes, int maxAhead)
    {
        lock (_order)
        {
            if (sequence < _nextSequence)
            {
                DeliverAll(changes);
                return;
            }

            _early[sequence] = changes;
            while (_early.Count > 0)
            {
                var (first, firstChanges) = _early.First();
                if (first != _nextSequence && _early.Count <= maxAhead)
                {
                    return;
                }

                _early.Remove(first);
                _nextSequence = first + 1;
                DeliverAll(firstChanges);
            }
        }
    }

    private void DeliverAll((int Handle, DataValue Value)[] changes)
    {
        foreach (var (handle, value) in changes)
        {
            Deliver(handle, value, isReconciliation: false);
        }
    }

    internal TimeSpan KeepAlivePeriod { get; set; } = TimeSpan.FromSeconds(10);

    internal int HandleOf(NodeId nodeId) => _handles[nodeId];

    internal void Deliver(int handle, DataValue value, bool isReconciliation)
    {
        if (handle >= 1 && handle <= NodeIds.Count)
        {
            _changes.Writer.TryWrite(new DataChange(NodeIds[handle - 1], value, isReconciliation));
        }
    }

    internal void Complete() => _changes.Writer.TryComplete();

    /// <summary>The changes in arrival order; ends when the subscription or its client is disposed.</summary>
    public IAsyncEnumerator<DataChange> GetAsyncEnumerator(CancellationToken cancellationToken = default) =>
        _changes.Reader.ReadAllAsync(cancellationToken).GetAsyncEnumerator(cancellationToken);

    /// <summary>Deletes the subscription on the server and ends the stream.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _client.RemoveAsync(this);
        Complete();
    }
}
