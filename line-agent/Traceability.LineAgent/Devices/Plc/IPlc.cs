using Traceability.LineAgent.Devices.Transport;

namespace Traceability.LineAgent.Devices.Plc;

/// <summary>
/// The packing line's PLC: unit triggers in, verdicts out. The PLC rejects by its own shift register, keyed by the unit
/// sequence number; a unit whose verdict did not arrive in time is rejected (fail safe), so the agent never gates a
/// unit in real time, it only has to be on time.
/// </summary>
public interface IPlc : IAsyncDisposable
{
    /// <summary>The connection state.</summary>
    DeviceConnectionState State { get; }

    /// <summary>
    /// One trigger per unit counter value, in order, starting after the counter's value when the call subscribes.
    /// After a reconnect the units counted meanwhile are produced by value (n+1…m) with <see cref="UnitTrigger.Recovered"/>
    /// set: never skipped, never produced twice.
    /// </summary>
    IAsyncEnumerable<UnitTrigger> TriggersAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Writes the verdict for unit <paramref name="sequence"/> in one request: good, reason, then the sequence number
    /// last, so the PLC latches a complete verdict. Writing a verdict twice does no harm (the PLC keys it by sequence).
    /// </summary>
    Task WriteVerdictAsync(long sequence, bool good, string? reason, CancellationToken cancellationToken);

    /// <summary>Reads Running, Fault, Speed and CaseFull in one request.</summary>
    Task<LineStatus> ReadLineStatusAsync(CancellationToken cancellationToken);
}
