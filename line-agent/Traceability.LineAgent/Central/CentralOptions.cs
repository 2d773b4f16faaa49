namespace Traceability.LineAgent.Central;

/// <summary>
/// The link to central (section <c>Central</c>). The line id is the line store's (<c>LineStore:LineId</c>): one line,
/// one id, and central's API key must belong to it.
/// </summary>
public sealed class CentralOptions
{
    public const string SectionName = "Central";

    /// <summary>Central's gRPC endpoint (HTTP/2 only without TLS), e.g. <c>http://central:5081</c>.</summary>
    public string Url { get; set; } = "";

    /// <summary>This line's API key, sent as <c>X-Api-Key</c>.</summary>
    public string ApiKey { get; set; } = "";

    /// <summary>Events per <c>LineEventBatch</c>.</summary>
    public int BatchSize { get; set; } = 500;

    /// <summary>How often the line reports its status.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often the line asks for its work orders (also once at start).</summary>
    public TimeSpan WorkOrderPollInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the pools of the running and planned work orders' GTINs are checked.</summary>
    public TimeSpan PoolCheckInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Below this many unused serials for a GTIN the line asks central for another block.</summary>
    public int PoolLowWaterMark { get; set; } = 5_000;

    /// <summary>Serials per block asked for (central allows 1 to 100,000; receiving costs about 25 µs per serial on the store's committer).</summary>
    public int PoolBlockSize { get; set; } = 5_000;

    /// <summary>First delay before reconnecting; it doubles per failed attempt up to <see cref="ReconnectMaxDelay"/>.</summary>
    public TimeSpan ReconnectInitialDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Longest delay between reconnect attempts.</summary>
    public TimeSpan ReconnectMaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Deadline of each unary call (serials, work orders, heartbeat), and the longest wait for an event batch's acknowledgement.</summary>
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
