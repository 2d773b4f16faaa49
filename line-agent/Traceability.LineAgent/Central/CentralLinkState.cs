namespace Traceability.LineAgent.Central;

/// <summary>Where the event stream to central stands (shown on the HMI and sent with the heartbeat).</summary>
public enum CentralLinkState
{
    /// <summary>Not started, or stopped.</summary>
    Stopped = 0,

    /// <summary>Opening the event stream; central has not answered yet.</summary>
    Connecting = 1,

    /// <summary>Central answered on the stream; the outbox drains.</summary>
    Connected = 2,

    /// <summary>Central is unreachable or the stream broke; retrying with backoff. The line runs on its buffer.</summary>
    Disconnected = 3,

    /// <summary>
    /// Central refuses this line (unknown API key, or a key of another line): retrying slowly, but nothing will
    /// change until the key is fixed. An alarm for the engineer.
    /// </summary>
    Refused = 4,

    /// <summary>The line store failed; the link stopped. Restart the agent.</summary>
    Faulted = 5,
}
