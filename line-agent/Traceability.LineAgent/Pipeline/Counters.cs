namespace Traceability.LineAgent.Pipeline;

/// <summary>The pipeline's live counters, bumped from several loops.</summary>
internal sealed class Counters
{
#pragma warning disable SA1401, CA1051 // plain fields: Interlocked needs them by reference
    public long Triggers;
    public long Good;
    public long Rejected;
    public long RejectedWithoutSerial;
    public long Misreads;
    public long NoReadEvents;
    public long Garbled;
    public long RepeatedReads;
    public long LateVerdicts;
    public long CasesClosed;
    public long PalletsClosed;
    public long ContainerReprints;
#pragma warning restore SA1401, CA1051

    public PipelineCounters Snapshot() => new(
        Interlocked.Read(ref Triggers), Interlocked.Read(ref Good), Interlocked.Read(ref Rejected),
        Interlocked.Read(ref RejectedWithoutSerial), Interlocked.Read(ref Misreads), Interlocked.Read(ref NoReadEvents),
        Interlocked.Read(ref Garbled), Interlocked.Read(ref RepeatedReads), Interlocked.Read(ref LateVerdicts),
        Interlocked.Read(ref CasesClosed), Interlocked.Read(ref PalletsClosed), Interlocked.Read(ref ContainerReprints));
}
