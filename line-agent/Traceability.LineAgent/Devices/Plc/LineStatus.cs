namespace Traceability.LineAgent.Devices.Plc;

/// <summary>The line's state as the PLC reports it.</summary>
/// <param name="Running">The line is running (speed above zero and no fault).</param>
/// <param name="Fault">The line is stopped by a fault.</param>
/// <param name="Speed">Units per minute.</param>
/// <param name="CaseFull">The current case is full.</param>
public readonly record struct LineStatus(bool Running, bool Fault, double Speed, bool CaseFull);
