namespace Traceability.CentralApi.Storage;

/// <summary>
/// A store's per-unit requests of one kind (activations, consumer scans), batched
/// (<see cref="RequestBatcher{TItem, TResult}"/>): subject reads arriving together run as one read, records arriving
/// together as one write (a group commit). Both stores own one per kind; only the batch bodies
/// (<c>ReadActivationSubjectsAsync</c>, <c>WriteScansAsync</c>, …) differ per database.
/// </summary>
/// <typeparam name="TSubject">What a request needs to know of its unit (<see cref="ActivationSubject"/>, <see cref="ScanSubject"/>).</typeparam>
/// <typeparam name="TRecord">What a request records (<see cref="ActivationRecord"/>, <see cref="ConsumerScanRecord"/>).</typeparam>
internal sealed class UnitRequestBatches<TSubject, TRecord>
    where TSubject : class
    where TRecord : class
{
    private const int MaxBatch = 256;
    private readonly RequestBatcher<(string Gtin, string Serial), TSubject?> _subjects;
    private readonly RequestBatcher<TRecord, bool> _writes;
    private readonly Action<TRecord> _check;

    /// <param name="readSubjects">Reads the subjects of one batch of units, one answer per unit in order.</param>
    /// <param name="readers">How many read batches may run at once.</param>
    /// <param name="write">Records one batch: one answer per record in order (for an activation, whether it became the unit's first).</param>
    /// <param name="check">Refuses a record before it joins a batch, so that one bad record fails alone.</param>
    public UnitRequestBatches(
        Func<IReadOnlyList<(string Gtin, string Serial)>, CancellationToken, Task<TSubject?[]>> readSubjects,
        int readers,
        Func<IReadOnlyList<TRecord>, CancellationToken, Task<bool[]>> write,
        Action<TRecord> check)
    {
        _subjects = new(readSubjects, MaxBatch, readers);
        _writes = new(write, MaxBatch);
        _check = check;
    }

    public Task<TSubject?> GetSubjectAsync(string gtin, string serial, CancellationToken cancellationToken)
    {
        CheckUnit(gtin, serial);
        return _subjects.RunAsync((gtin, serial), cancellationToken);
    }

    public IReadOnlyList<Task<TSubject?>> ReadSubjectsTogether(IReadOnlyList<(string Gtin, string Serial)> units)
    {
        ArgumentNullException.ThrowIfNull(units);
        foreach (var (gtin, serial) in units)
        {
            CheckUnit(gtin, serial);
        }

        return _subjects.RunTogether(units);
    }

    public Task<bool> RecordAsync(TRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        _check(record);
        return _writes.RunAsync(record, cancellationToken);
    }

    public IReadOnlyList<Task<bool>> RecordTogether(IReadOnlyList<TRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        foreach (var record in records)
        {
            ArgumentNullException.ThrowIfNull(record);
            _check(record);
        }

        return _writes.RunTogether(records);
    }

    private static void CheckUnit(string gtin, string serial)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(gtin);
        ArgumentException.ThrowIfNullOrWhiteSpace(serial);
    }
}
