using LiteDB;
using Traceability.LineAgent.Storage;

namespace Traceability.LineAgent.Outbox;

/// <summary>
/// The line's store-and-forward queue: every event the store writes, in per-line sequence, until central acknowledges
/// it. Only durable events are handed out: an event central stored must never disappear from the line in a power loss,
/// or its sequence number would be given to a different event after the restart.
/// </summary>
public sealed class LineOutbox
{
    private readonly StoreCollections _collections;
    private readonly OutboxWatermarks _watermarks;
    private readonly GroupCommitter _committer;

    internal LineOutbox(StoreCollections collections, OutboxWatermarks watermarks, GroupCommitter committer)
    {
        _collections = collections;
        _watermarks = watermarks;
        _committer = committer;
    }

    /// <summary>The highest sequence that is on disk; events up to it may be sent.</summary>
    public long DurableSequence => _watermarks.Durable;

    /// <summary>The highest sequence central acknowledged (0 when none).</summary>
    public long AcknowledgedSequence => _watermarks.Acknowledged;

    /// <summary>Durable events central has not acknowledged yet.</summary>
    public long PendingCount => Math.Max(0, _watermarks.Durable - _watermarks.Acknowledged);

    /// <summary>The oldest unacknowledged durable events, in sequence order.</summary>
    /// <param name="maxCount">At most this many.</param>
    public IReadOnlyList<OutboxEntry> ReadPending(int maxCount) => Read(_watermarks.Acknowledged + 1, maxCount);

    /// <summary>
    /// Durable events from <paramref name="fromSequence"/> on, in sequence order: to send again after a reconnect,
    /// from what central says it holds.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="fromSequence"/> is below 1 or <paramref name="maxCount"/> below 1.</exception>
    public IReadOnlyList<OutboxEntry> Read(long fromSequence, int maxCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(fromSequence, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxCount, 1);
        var durable = _watermarks.Durable;
        if (fromSequence > durable)
        {
            return [];
        }

        var to = Math.Min(durable, fromSequence + maxCount - 1);
        return _collections.Outbox
            .Find(Where.Between("_id", fromSequence, to))
            .Select(ToEntry)
            .OrderBy(e => e.Sequence)
            .ToList();
    }

    /// <summary>
    /// Every durable event of one work order, in sequence order, acknowledged or not: the order's record for its
    /// report. A scan of the outbox (no index on the work order: written per event, read per report).
    /// </summary>
    public IReadOnlyList<OutboxEntry> EventsOf(string workOrderId)
    {
        ArgumentException.ThrowIfNullOrEmpty(workOrderId);
        var durable = _watermarks.Durable;
        return [.. _collections.Outbox
            .Find(Where.Equal("wo", workOrderId))
            .Select(ToEntry)
            .Where(e => e.Sequence <= durable)
            .OrderBy(e => e.Sequence)];
    }

    /// <summary>
    /// Records that central durably stored every event up to <paramref name="upToSequence"/>; completes when that is on
    /// disk. An acknowledgement below the current one changes nothing (a late ack).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The outbox holds no event <paramref name="upToSequence"/>.</exception>
    public Task MarkAcknowledgedAsync(long upToSequence, CancellationToken cancellationToken) =>
        _committer.SubmitAsync(tx => tx.AcknowledgeEvents(upToSequence), cancellationToken);

    /// <summary>Completes when an event after <paramref name="afterSequence"/> is durable (at once if one is).</summary>
    /// <exception cref="ObjectDisposedException">The store closed while waiting.</exception>
    public Task WaitForEventsAsync(long afterSequence, CancellationToken cancellationToken) =>
        _watermarks.WaitForDurableBeyondAsync(afterSequence, cancellationToken);

    internal static OutboxEntry ToEntry(BsonDocument doc) =>
        new(doc["_id"].AsInt64, doc["id"].AsGuid, doc["wo"].AsString, doc["body"].AsBinary);
}
