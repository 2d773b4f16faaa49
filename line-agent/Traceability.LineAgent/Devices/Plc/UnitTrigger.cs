namespace Traceability.LineAgent.Devices.Plc;

/// <summary>The PLC counted unit <paramref name="Sequence"/>.</summary>
/// <param name="Sequence">The PLC's unit counter value n; the verdict for this unit is keyed by it.</param>
/// <param name="At">When the PLC counted it (its source timestamp), or when the agent learned of it if <paramref name="Recovered"/>.</param>
/// <param name="Recovered">
/// True when no notification carried this value: it was derived from the counter by value after a reconnect or a
/// coalesced notification. The unit may be near or past its verdict deadline; the PLC rejects it if so (fail safe).
/// </param>
public readonly record struct UnitTrigger(long Sequence, DateTimeOffset At, bool Recovered = false);
