namespace Traceability.LineAgent.Storage;

/// <summary>
/// The two streams LiteDB writes: the data file and its write-ahead log. <see cref="Stream.Flush()"/> on either one
/// means "durable on disk" (fsync), not just "handed to the operating system".
/// </summary>
/// <remarks>
/// LiteDB 5.0.21 writes a commit's log pages with one positioned write each, inside <c>Commit()</c>, and never flushes
/// the log (its issue #2818); at a checkpoint it copies log pages into the data file and calls <c>Flush()</c> on the
/// data stream. The store therefore flushes the log itself after each group commit, and hands LiteDB streams whose
/// <c>Flush()</c> reaches the disk so the checkpoint's data is durable before LiteDB truncates the log.
/// </remarks>
internal interface IStoreMedium : IDisposable
{
    /// <summary>Human-readable location, for messages.</summary>
    string Name { get; }

    Stream Data { get; }

    Stream Log { get; }
}
