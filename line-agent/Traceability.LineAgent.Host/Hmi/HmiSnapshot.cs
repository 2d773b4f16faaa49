namespace Traceability.LineAgent.Host.Hmi;

/// <summary>Everything the operator's page shows, taken at one moment (serialised as the page's JSON).</summary>
/// <param name="LineId">The line.</param>
/// <param name="At">When the snapshot was taken.</param>
/// <param name="Line">The pipeline's state (Idle, Running, PrinterFault, Closing, Stopped, Faulted, or NotRunning without a pipeline).</param>
/// <param name="Fault">Why the pipeline faulted; null otherwise.</param>
/// <param name="Current">The running (or paused) work order shown on top; null when none.</param>
/// <param name="Counts">The current work order's counts.</param>
/// <param name="UnitsPerMinute">Units verified over the last minute (or since the first sample, scaled to a minute).</param>
/// <param name="RejectsByReason">Rejected units of the current work order by reason, most first.</param>
/// <param name="Devices">Printer, reader, PLC and central link.</param>
/// <param name="Case">The case being filled; null when none is open.</param>
/// <param name="Pallet">The pallet being filled; null when none is open.</param>
/// <param name="WorkOrders">Every work order on the line with what can be done to it.</param>
/// <param name="ReprintQueue">Labels that were rejected or are still unverified, newest first.</param>
/// <param name="Reconciliation">The three equations for the current work order.</param>
public sealed record HmiSnapshot(
    string LineId,
    DateTimeOffset At,
    string Line,
    string? Fault,
    string? Current,
    HmiCounts Counts,
    double UnitsPerMinute,
    IReadOnlyList<HmiReasonCount> RejectsByReason,
    IReadOnlyList<HmiDevice> Devices,
    HmiContainer? Case,
    HmiContainer? Pallet,
    IReadOnlyList<HmiWorkOrder> WorkOrders,
    IReadOnlyList<HmiReprint> ReprintQueue,
    HmiReconciliation Reconciliation);

/// <summary>Live counts of the current work order (from the store) and the pipeline since it started.</summary>
public sealed record HmiCounts(
    long Quantity,
    long Issued,
    long Printed,
    long AwaitingVerdict,
    long Verified,
    long Rejected,
    long Packed,
    long Samples,
    long Decommissioned,
    long Loose,
    long InFlight,
    long Misreads,
    long NoReads,
    long RejectedWithoutSerial);

/// <summary>How many units were rejected for one reason.</summary>
public sealed record HmiReasonCount(string Reason, long Count);

/// <summary>One device's state: Connected, Connecting, Disconnected…, or NotConfigured.</summary>
/// <param name="Name">printer, reader, plc, central.</param>
/// <param name="State">The state's name.</param>
/// <param name="Ok">True when the device works.</param>
/// <param name="Detail">The last error, pending events…; null when there is nothing to say.</param>
public sealed record HmiDevice(string Name, string State, bool Ok, string? Detail);

/// <summary>A case or pallet being filled: <paramref name="Count"/> of <paramref name="Capacity"/>.</summary>
public sealed record HmiContainer(string Sscc, int Count, int Capacity);

/// <summary>A work order and the buttons the page offers for it.</summary>
public sealed record HmiWorkOrder(
    string Id,
    string Gtin,
    string Lot,
    string Expiry,
    long Quantity,
    string State,
    long Verified,
    bool CanStart,
    bool CanPause,
    bool CanClose);

/// <summary>A label waiting for a decision: rejected, or printed with no verdict yet.</summary>
public sealed record HmiReprint(string Unit, long Sequence, string State, string? Reason, int Reprints);

/// <summary>The three reconciliation equations with their numbers and whether each holds.</summary>
public sealed record HmiReconciliation(bool Balanced, IReadOnlyList<HmiEquation> Equations);

/// <summary>One equation, e.g. "issued 10 = printed 9 + unused 1".</summary>
public sealed record HmiEquation(string Text, bool Holds);
