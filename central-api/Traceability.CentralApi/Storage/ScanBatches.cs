namespace Traceability.CentralApi.Storage;

/// <summary>
/// A store's consumer scan requests, batched (<see cref="RequestBatcher{TItem, TResult}"/>): subject reads arriving
/// together run as one read, scans arriving together as one group commit. Both stores own one; only the batch bodies
/// (<c>ReadScanSubjectsAsync</c>, <c>WriteScansAsync</c>) differ per database.
/// </summary>
internal sealed class ScanBatches
{
    private const int MaxBatch = 256;
    private readonly RequestBatcher<(string Gtin, string Serial), ScanSubject?> _subjects;
    private readonly RequestBatcher<ConsumerScanRecord, bool> _writes;

    /// <param name="readSubjects">Reads the subjects of one batch of units, one answer per unit in order.</param>
    /// <param name="readers">How many read batches may run at once.</param>
    /// <param name="write">Records one group of scans.</param>
    public ScanBatches(
        Func<IReadOnlyList<(string Gtin, string Serial)>, CancellationToken, Task<ScanSubject?[]>> readSubjects,
        int readers,
        Func<IReadOnlyList<ConsumerScanRecord>, CancellationToken, Task<bool[]>> write)
    {
        _subjects = new(readSubjects, MaxBatch, readers);
        _writes = new(write, MaxBatch);
    }

    public Task<ScanSubject?> GetSubjectAsync(string gtin, string serial, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(gtin);
        ArgumentException.ThrowIfNullOrWhiteSpace(serial);
        return _subjects.RunAsync((gtin, serial), cancellationToken);
    }

    public IReadOnlyList<Task<ScanSubject?>> ReadSubjectsTogether(IReadOnlyList<(string Gtin, string Serial)> units)
    {
        ArgumentNullException.ThrowIfNull(units);
        foreach (var (gtin, serial) in units)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(gtin);
            ArgumentException.ThrowIfNullOrWhiteSpace(serial);
        }

        return _subjects.RunTogether(units);
    }

    public Task RecordAsync(ConsumerScanRecord scan, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scan);
        return _writes.RunAsync(scan, cancellationToken);
    }

    public IReadOnlyList<Task<bool>> RecordTogether(IReadOnlyList<ConsumerScanRecord> scans)
    {
        ArgumentNullException.ThrowIfNull(scans);
        return _writes.RunTogether(scans);
    }
}
