namespace Traceability.LineAgent.Devices.Printers;

/// <summary>One label (or a batch from one ^XA…^XZ format) to print, identified so it is never printed twice by accident.</summary>
/// <param name="Id">The job id, unique per label (the unit's serial or the pipeline's job key).</param>
/// <param name="Zpl">The ZPL II to send.</param>
public sealed record PrintJob(string Id, string Zpl)
{
    /// <summary>True when the caller knowingly prints this id again (an operator's reprint, or a retry after an unknown outcome).</summary>
    public bool Reprint { get; init; }
}
