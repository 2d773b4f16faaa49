namespace Traceability.LineAgent.Pipeline;

/// <summary>Where the pipeline stands, for the HMI.</summary>
public enum PipelineState
{
    /// <summary>Not started.</summary>
    Idle,

    /// <summary>Taking serials, printing and verifying.</summary>
    Running,

    /// <summary>The printer reported a fault (ribbon out, paused…): units are rejected without a serial until it is ready.</summary>
    PrinterFault,

    /// <summary>Closing the work order: no new units, the last ones finish, partial case and pallet close.</summary>
    Closing,

    /// <summary>Stopped by the operator or after the work order closed.</summary>
    Stopped,

    /// <summary>Stopped by an error that needs an operator (store faulted, a case label that never verified).</summary>
    Faulted,
}

/// <summary>One verdict as written to the PLC.</summary>
/// <param name="Sequence">The PLC's unit sequence.</param>
/// <param name="Serial">The unit's serial; null when the unit got none (printer fault, missed trigger, order complete).</param>
/// <param name="Good">Good or reject.</param>
/// <param name="Reason">Why rejected; null when good.</param>
/// <param name="Late">The verdict reached the PLC after its deadline (or not at all): the PLC rejected the unit.</param>
public sealed record UnitVerdict(long Sequence, string? Serial, bool Good, string? Reason, bool Late);

/// <summary>The pipeline's counters since start, for the HMI and the tests.</summary>
public sealed record PipelineCounters(
    long Triggers,
    long Good,
    long Rejected,
    long RejectedWithoutSerial,
    long Misreads,
    long NoReadEvents,
    long Garbled,
    long RepeatedReads,
    long LateVerdicts,
    long CasesClosed,
    long PalletsClosed,
    long ContainerReprints);
