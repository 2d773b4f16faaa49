namespace Traceability.LineAgent.Host.Configuration;

/// <summary>Where the label printer is; bound from section <c>Printer</c> (the driver's own settings bind from the same section).</summary>
public sealed class PrinterOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Printer";

    /// <summary><c>tcp://HOST:PORT</c> or <c>serial:PATH?baud=…</c>.</summary>
    public string Endpoint { get; set; } = "";
}
