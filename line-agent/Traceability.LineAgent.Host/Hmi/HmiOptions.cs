namespace Traceability.LineAgent.Host.Hmi;

/// <summary>The operator HMI (section <c>Hmi</c>).</summary>
public sealed class HmiOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Hmi";

    /// <summary>
    /// The engineer's PIN: 4 to 12 digits, or <c>sha256:</c> followed by the hex SHA-256 of the PIN so that the plain
    /// PIN need not sit in the configuration file. Compared as hashes in constant time.
    /// </summary>
    public string EngineerPin { get; set; } = "";

    /// <summary>How often the live page gets a snapshot even when nothing changed (default 1 s).</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The live page gets at most one snapshot per this interval (default 250 ms): changes that come closer together
    /// (a verdict per unit at line speed) go out together in the next snapshot. A snapshot reads the running order's
    /// units, so this bounds what an open page costs the line.
    /// </summary>
    public TimeSpan MinRefreshInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Who an action is recorded for when the page names no operator.</summary>
    public string DefaultOperatorId { get; set; } = "operator";

    /// <summary>At most this many labels are listed in the reprint queue.</summary>
    public int ReprintQueueLimit { get; set; } = 50;
}
