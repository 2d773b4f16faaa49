namespace Traceability.LineAgent.Central;

/// <summary>What the heartbeat reports besides the outbox: implemented by the agent's host, which knows the devices.</summary>
public interface ILineStatusProvider
{
    /// <summary>The line's state and each device's connection state, now.</summary>
    LineStatusReport Current();
}

/// <summary>The line's state for the heartbeat.</summary>
/// <param name="State">Idle, running, paused or faulted.</param>
/// <param name="Devices">Device name → connection state (e.g. "printer" → "Connected").</param>
public sealed record LineStatusReport(Contracts.Line.V1.LineState State, IReadOnlyDictionary<string, string> Devices);
