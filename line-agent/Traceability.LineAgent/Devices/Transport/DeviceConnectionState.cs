namespace Traceability.LineAgent.Devices.Transport;

/// <summary>A device connection's state, explicit so the HMI and the pipeline can act on it.</summary>
public enum DeviceConnectionState
{
    /// <summary>Not connected and not trying.</summary>
    Disconnected,

    /// <summary>The first connection attempt is under way.</summary>
    Connecting,

    /// <summary>Connected and usable.</summary>
    Connected,

    /// <summary>The connection was lost; reconnecting with backoff.</summary>
    Reconnecting,

    /// <summary>Given up or misconfigured: needs an operator.</summary>
    Faulted,
}
