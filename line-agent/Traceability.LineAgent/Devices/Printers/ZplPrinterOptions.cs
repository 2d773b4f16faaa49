namespace Traceability.LineAgent.Devices.Printers;

/// <summary>How the ZPL printer driver behaves; bound from the <c>Printer</c> section.</summary>
public sealed class ZplPrinterOptions
{
    /// <summary>How long the printer has to answer ~HS (all three strings) before the connection is declared dead.</summary>
    public TimeSpan StatusTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long one label's bytes may take to send.</summary>
    public TimeSpan WriteTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Query ~HS before every job and refuse to send to a printer that reports a fault.</summary>
    public bool CheckStatusBeforePrint { get; set; } = true;

    /// <summary>Connection attempts per call before the driver gives up (state Faulted) and throws.</summary>
    public int MaxConnectAttempts { get; set; } = 3;

    /// <summary>The first reconnect delay (doubles up to <see cref="ReconnectMaximum"/>).</summary>
    public TimeSpan ReconnectInitial { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The longest reconnect delay.</summary>
    public TimeSpan ReconnectMaximum { get; set; } = TimeSpan.FromSeconds(10);
}
