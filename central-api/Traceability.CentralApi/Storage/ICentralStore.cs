namespace Traceability.CentralApi.Storage;

/// <summary>
/// Central's system of record for units and the events the packing lines stream to it. One implementation per database
/// (<see cref="SqliteCentralStore"/>, <see cref="PostgresCentralStore"/>); one compliance suite pins the behaviour of both.
/// </summary>
/// <remarks>
/// Every method is safe to call concurrently, from one instance or from several instances (processes) over the same
/// database. Keys that concern units lead with (gtin, serial).
/// </remarks>
public interface ICentralStore : IAsyncDisposable
{
    /// <summary>
    /// Brings the schema up to date: applies, in order and each in its own version row, the migrations the database has
    /// not seen yet. Idempotent, and safe when several processes start at once.
    /// </summary>
    /// <returns>How many migrations this call applied (0 when the schema was already current).</returns>
    Task<int> MigrateAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// A cheap query that succeeds when the database answers and its schema is migrated to what this build needs;
    /// throws otherwise (the health checks report the exception).
    /// </summary>
    Task CheckHealthAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores a batch of a line's events in one transaction. An event id stored before is acknowledged as
    /// <see cref="AppendOutcome.Duplicate"/> and not stored again.
    /// </summary>
    /// <param name="lineId">The line that produced the events.</param>
    /// <param name="events">The events, in any order; sequences start at 1 and are unique per line.</param>
    /// <param name="cancellationToken">Cancels the call; nothing of the batch is stored then.</param>
    /// <returns>One outcome per event (same order as <paramref name="events"/>) and the line's watermark afterwards.</returns>
    /// <exception cref="ConflictingEventException">
    /// An event id was stored before with different content (another line, sequence, type, time, GTIN, serial or
    /// payload), or the line's sequence is already held by another event id. The whole batch is refused and nothing of
    /// it is stored: a conflicting duplicate means the line's journal is corrupt or an id was reused, and acknowledging
    /// it would hide that.
    /// </exception>
    /// <exception cref="ArgumentException">An event is malformed (sequence below 1, empty type, payload not JSON).</exception>
    Task<AppendResult> AppendEventsAsync(string lineId, IReadOnlyList<LineEvent> events, CancellationToken cancellationToken = default);

    /// <summary>
    /// The line's highest contiguous sequence stored (the acknowledgement watermark) and the missing sequence ranges
    /// between it and the highest sequence seen. An unknown line has watermark 0 and no gaps.
    /// </summary>
    Task<LineProgress> GetLineProgressAsync(string lineId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Allocates serials of one GTIN to a line, in one transaction. A serial already allocated (to any line, this one
    /// included) is refused, so two lines allocating at the same time never receive the same serial.
    /// </summary>
    /// <returns>The serials now allocated to <paramref name="lineId"/> and those refused because they were taken.</returns>
    Task<SerialAllocation> AllocateSerialBlockAsync(
        string gtin, string lineId, IReadOnlyList<string> candidateSerials, CancellationToken cancellationToken = default);

    /// <summary>
    /// Allocates a block of serials for a line's request, idempotently: the first call with a request id draws
    /// candidates from <paramref name="drawCandidates"/> (asked for how many are still missing) until the block is full,
    /// skipping serials any line holds, and records the block in the same transaction; every later call with that
    /// request id, from any process and after any restart, returns the recorded block unchanged and draws nothing.
    /// Concurrent calls with one request id allocate once: the others wait and return the same block.
    /// </summary>
    /// <param name="request">The request; its GTIN as the store should keep it (14 digits).</param>
    /// <param name="drawCandidates">Fresh candidate serials; an exception it throws aborts the allocation and stores nothing.</param>
    /// <param name="cancellationToken">Cancels the call; nothing is allocated then.</param>
    /// <exception cref="SerialRequestConflictException">The request id was used before for another line, GTIN or count.</exception>
    Task<SerialBlockRecord> AllocateSerialRequestAsync(
        SerialBlockRequest request, Func<int, IReadOnlyList<string>> drawCandidates, CancellationToken cancellationToken = default);

    /// <summary>Records a new work order as given (state and creation time included).</summary>
    /// <returns><see langword="false"/> when a work order with this id exists already (it is left unchanged).</returns>
    Task<bool> CreateWorkOrderAsync(WorkOrderRecord order, CancellationToken cancellationToken = default);

    /// <summary>The work order with this id, or <see langword="null"/>.</summary>
    Task<WorkOrderRecord?> GetWorkOrderAsync(string workOrderId, CancellationToken cancellationToken = default);

    /// <summary>A line's work orders (only those in <paramref name="state"/> when given), oldest first.</summary>
    Task<IReadOnlyList<WorkOrderRecord>> ListWorkOrdersAsync(string lineId, WorkOrderState? state = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Moves a work order to <paramref name="target"/> when its lifecycle allows (Planned → Released; Planned or Released
    /// → Closed; already there is a no-op) and returns it as it is afterwards: its state differs from
    /// <paramref name="target"/> when the move was not allowed (a closed work order is never released again).
    /// </summary>
    /// <returns>The work order afterwards, or <see langword="null"/> when there is none with this id.</returns>
    Task<WorkOrderRecord?> SetWorkOrderStateAsync(string workOrderId, WorkOrderState target, CancellationToken cancellationToken = default);

    /// <summary>The unit with this GTIN and serial as allocated or commissioned, or <see langword="null"/> when central has never allocated it.</summary>
    Task<UnitRecord?> GetUnitAsync(string gtin, string serial, CancellationToken cancellationToken = default);
}
