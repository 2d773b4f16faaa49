namespace Traceability.LineAgent.Storage;

/// <summary>Where the line's store file is and how it commits; bound from the <c>LineStore</c> section.</summary>
public sealed class LineStoreOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string SectionName = "LineStore";

    /// <summary>The LiteDB data file, e.g. <c>data/line-1.db</c>; its log <c>line-1-log.db</c> lives beside it.</summary>
    public string Path { get; set; } = "";

    /// <summary>The line this agent runs; the file remembers it and refuses to open for another line.</summary>
    public string LineId { get; set; } = "";

    /// <summary>At most this many changes share one transaction and one flush to disk.</summary>
    public int MaxGroupSize { get; set; } = 1024;

    /// <summary>
    /// False only for measurements and for the test that shows the flush matters: commits then stop at the
    /// operating system's cache and a power loss can take acknowledged changes with it.
    /// </summary>
    internal bool FlushToDisk { get; set; } = true;
}
