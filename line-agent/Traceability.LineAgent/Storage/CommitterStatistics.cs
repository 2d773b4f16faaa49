using System.Diagnostics;

namespace Traceability.LineAgent.Storage;

/// <summary>
/// Where the group committer's time went since the store opened: running the changes (LiteDB reads and writes in
/// the transaction), committing (writing the log pages), flushing to disk (the fsync, on the flusher thread), and the
/// checkpoints the committer ran between groups. For benchmarks and diagnosis.
/// </summary>
internal readonly record struct CommitterStatistics(
    long Groups, long Changes, long Flushes, long RunTicks, long CommitTicks, long FlushTicks, long Checkpoints = 0, long CheckpointTicks = 0)
{
    public TimeSpan Running => Elapsed(RunTicks);

    public TimeSpan Committing => Elapsed(CommitTicks);

    public TimeSpan Flushing => Elapsed(FlushTicks);

    public TimeSpan Checkpointing => Elapsed(CheckpointTicks);

    /// <summary>What happened between <paramref name="earlier"/> and this snapshot.</summary>
    public CommitterStatistics Since(CommitterStatistics earlier) => new(
        Groups - earlier.Groups,
        Changes - earlier.Changes,
        Flushes - earlier.Flushes,
        RunTicks - earlier.RunTicks,
        CommitTicks - earlier.CommitTicks,
        FlushTicks - earlier.FlushTicks,
        Checkpoints - earlier.Checkpoints,
        CheckpointTicks - earlier.CheckpointTicks);

    private static TimeSpan Elapsed(long ticks) => TimeSpan.FromSeconds(ticks / (double)Stopwatch.Frequency);
}
