namespace Traceability.OpcUa;

/// <summary>Where and how an <see cref="OpcUaClient"/> connects; bound from the "OpcUa" configuration section.</summary>
public sealed class OpcUaClientOptions
{
    /// <summary>The server endpoint, e.g. <c>opc.tcp://127.0.0.1:4840/UA/Plc</c>.</summary>
    public string EndpointUrl { get; set; } = "";

    /// <summary>
    /// User name for a UserNameIdentityToken; null logs in anonymously. Over SecurityPolicy None the password is sent in
    /// plaintext when the server offers an unsecured user token policy, otherwise RSA-OAEP encrypted with the server
    /// certificate: use it only on a loopback or a separate machine network.
    /// </summary>
    public string? UserName { get; set; }

    /// <summary>Password for <see cref="UserName"/>.</summary>
    public string? Password { get; set; }

    /// <summary>How long one request may take before it fails with BadTimeout.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Requested session timeout.</summary>
    public TimeSpan SessionTimeout { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Requested secure channel token lifetime; the client renews at 75 % of the revised lifetime.</summary>
    public TimeSpan SecureChannelLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Period of the keep-alive Read of the server state when no subscription keeps the connection checked.</summary>
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>First delay before a reconnect attempt; it doubles per failure up to <see cref="ReconnectMaxDelay"/>.</summary>
    public TimeSpan ReconnectInitialDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Largest delay between reconnect attempts.</summary>
    public TimeSpan ReconnectMaxDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Hello: our receive buffer (the largest chunk we accept). UA TCP requires at least 8192.</summary>
    public int ReceiveBufferSize { get; set; } = 65535;

    /// <summary>Hello: our send buffer (the largest chunk we send); the server may lower it.</summary>
    public int SendBufferSize { get; set; } = 65535;

    /// <summary>Hello: the largest message we accept, in bytes (0 = no limit).</summary>
    public int MaxMessageSize { get; set; } = 16 * 1024 * 1024;

    /// <summary>
    /// Namespace index for browse-path segments written without a prefix (<c>Objects/Line/UnitCounter</c>); "Objects",
    /// "Types", "Views" and "Server" at the start of a path are always namespace 0. <c>2:Name</c> names one explicitly.
    /// </summary>
    public ushort BrowseNamespaceIndex { get; set; } = 1;

    /// <summary>Session name shown by the server.</summary>
    public string SessionName { get; set; } = "Traceability line agent";
}
