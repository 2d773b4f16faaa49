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
    private int _disposed;

    internal OpcUaSubscription(OpcUaClient client, NodeId[] nodeIds, TimeSpan publishingInterval)
    {
        _client = client;
        NodeIds = nodeIds;
        PublishingInterval = publishingInterval;
        for (var i = 0; i < nodeIds.Length; i++)
        {
            _handles.TryAdd(nodeIds[i], i + 1);
        }
    }

    /// <summary>The monitored nodes.</summary>
    public IReadOnlyList<NodeId> NodeIds { get; }

    /// <summary>The requested publishing interval.</summary>
    public TimeSpan PublishingInterval { get; }

    internal uint ServerId { get; set; }

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
