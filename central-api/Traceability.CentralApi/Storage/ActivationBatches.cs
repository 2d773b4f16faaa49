namespace Traceability.CentralApi.Storage;

/// <summary>
/// A store's activation requests, batched (<see cref="RequestBatcher{TItem, TResult}"/>): subject reads arriving
/// together run as one read, activations arriving together as one write. Both stores own one; only the batch bodies
/// (<c>ReadActivationSubjectsAsync</c>, <c>WriteActivationsAsync</c>) differ per database.
/// </summary>
internal sealed class ActivationBatches
{
    private const int MaxBatch = 256;
    private readonly RequestBatcher<(string Gtin, string Serial), ActivationSubject?> _subjects;
    private readonly RequestBatcher<ActivationRecord, bool> _writes;

    /// <param name="readSubjects">Reads the subjects of one batch of units, one answer per unit in order.</param>
    /// <param name="readers">How many read batches may run at once.</param>
    /// <param name="write">Records one batch of activations: for each, whether it became the unit's first.</param>
    public ActivationBatches(
        Func<IReadOnlyList<(string Gtin, string Serial)>, CancellationToken, Task<ActivationSubject?[]>> readSubjects,
        int readers,
        Func<IReadOnlyList<ActivationRecord>, CancellationToken, Task<bool[]>> write)
    {
        _subjects = new(readSubjects, MaxBatch, readers);
        _writes = new(write, MaxBatch);
    }

    public Task<ActivationSubject?> GetSubjectAsync(string gtin, string serial, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(gtin);
        ArgumentException.ThrowIfNullOrWhiteSpace(serial);
        return _subjects.RunAsync((gtin, serial), cancellationToken);
    }

    public Task<bool> RecordAsync(ActivationRecord activation, CancellationToken cancellationToken)
    {
        ActivationArguments.Check(activation);
        return _writes.RunAsync(activation, cancellationToken);
    }

    public IReadOnlyList<Task<bool>> RecordTogether(IReadOnlyList<ActivationRecord> activations)
    {
        ArgumentNullException.ThrowIfNull(activations);
        foreach (var activation in activations)
        {
            ActivationArguments.Check(activation);
        }

        return _writes.RunTogether(activations);
    }
}
