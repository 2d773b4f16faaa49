using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.IO.Ports;

namespace Traceability.LineAgent.Devices.Transport;

/// <summary>How a device is reached.</summary>
public enum EndpointKind
{
    /// <summary>A raw TCP socket (a printer's port 9100, a reader's TCP output).</summary>
    Tcp,

    /// <summary>A serial port (COM3, /dev/ttyUSB0, or a pseudo-terminal in tests).</summary>
    Serial,
}

/// <summary>
/// Where a printer or reader is: <c>tcp://HOST:PORT</c> or <c>serial:PATH[?baud=115200&amp;parity=none&amp;dataBits=8&amp;stopBits=1]</c>
/// (PATH is COM3 on Windows, /dev/ttyUSB0 on Linux). Parsing says what is wrong and where, so a bad value in configuration
/// fails when the agent starts, not mid-shift.
/// </summary>
public readonly record struct DeviceEndpoint
{
    private DeviceEndpoint(EndpointKind kind, string host, int port, string portName, int baudRate, Parity parity, int dataBits, StopBits stopBits)
    {
        Kind = kind;
        Host = host;
        Port = port;
        PortName = portName;
        BaudRate = baudRate;
        Parity = parity;
        DataBits = dataBits;
        StopBits = stopBits;
    }

    /// <summary>TCP or serial.</summary>
    public EndpointKind Kind { get; }

    /// <summary>The TCP host (empty for serial).</summary>
    public string Host { get; }

    /// <summary>The TCP port (0 for serial).</summary>
    public int Port { get; }

    /// <summary>The serial port name or path (empty for TCP).</summary>
    public string PortName { get; }

    /// <summary>Serial baud rate (default 9600).</summary>
    public int BaudRate { get; }

    /// <summary>Serial parity (default none).</summary>
    public Parity Parity { get; }

    /// <summary>Serial data bits (default 8).</summary>
    public int DataBits { get; }

    /// <summary>Serial stop bits (default one).</summary>
    public StopBits StopBits { get; }

    /// <summary>Parses an endpoint.</summary>
    /// <exception cref="FormatException">The text is not an endpoint; the message says why.</exception>
    public static DeviceEndpoint Parse(string text) =>
        TryParse(text, out var endpoint, out var error) ? endpoint : throw new FormatException(error);

    /// <summary>Parses an endpoint; <paramref name="error"/> says what is wrong.</summary>
    public static bool TryParse(string? text, out DeviceEndpoint endpoint, [NotNullWhen(false)] out string? error)
    {
        endpoint = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "The device endpoint is empty; use tcp://HOST:PORT or serial:PATH.";
            return false;
        }

        if (text.StartsWith("tcp://", StringComparison.OrdinalIgnoreCase))
        {
            return TryParseTcp(text, out endpoint, out error);
        }

        if (text.StartsWith("serial:", StringComparison.OrdinalIgnoreCase))
        {
            return TryParseSerial(text, out endpoint, out error);
        }

        error = $"Device endpoint \"{text}\": use tcp://HOST:PORT or serial:PATH[?baud=…].";
        return false;
    }

    /// <summary>The canonical text.</summary>
    public override string ToString() => Kind == EndpointKind.Tcp
        ? string.Create(CultureInfo.InvariantCulture, $"tcp://{Host}:{Port}")
        : string.Create(CultureInfo.InvariantCulture, $"serial:{PortName}?baud={BaudRate}&parity={Parity.ToString().ToLowerInvariant()}&dataBits={DataBits}&stopBits={StopBitsText(StopBits)}");

    private static bool TryParseTcp(string text, out DeviceEndpoint endpoint, [NotNullWhen(false)] out string? error)
    {
        endpoint = default;
        var rest = text["tcp://".Length..].TrimEnd('/');
        var colon = rest.LastIndexOf(':');
        if (colon <= 0 || colon == rest.Length - 1)
        {
            error = $"Device endpoint \"{text}\": a TCP endpoint needs a host and a port, e.g. tcp://192.0.2.10:9100.";
            return false;
        }

        var host = rest[..colon].Trim('[', ']');
        if (!int.TryParse(rest[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            error = $"Device endpoint \"{text}\": port \"{rest[(colon + 1)..]}\" is not a number from 1 to 65535.";
            return false;
        }

        if (Uri.CheckHostName(host) == UriHostNameType.Unknown)
        {
            error = $"Device endpoint \"{text}\": \"{host}\" is not a host name or IP address.";
            return false;
        }

        endpoint = new DeviceEndpoint(EndpointKind.Tcp, host, port, string.Empty, 0, Parity.None, 0, StopBits.None);
        error = null;
        return true;
    }

    private static bool TryParseSerial(string text, out DeviceEndpoint endpoint, [NotNullWhen(false)] out string? error)
    {
        endpoint = default;
        var rest = text["serial:".Length..];
        var query = rest.IndexOf('?', StringComparison.Ordinal);
        var path = query >= 0 ? rest[..query] : rest;
        if (path.Length == 0)
        {
            error = $"Device endpoint \"{text}\": a serial endpoint needs a port, e.g. serial:COM3 or serial:/dev/ttyUSB0.";
            return false;
        }

        var (baud, parity, dataBits, stopBits) = (9600, Parity.None, 8, StopBits.One);
        foreach (var pair in (query >= 0 ? rest[(query + 1)..] : string.Empty).Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var key = eq >= 0 ? pair[..eq] : pair;
            var value = eq >= 0 ? pair[(eq + 1)..] : string.Empty;
            var ok = key.ToLowerInvariant() switch
            {
                "baud" => int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out baud) && baud is >= 50 and <= 4_000_000,
                "parity" => Enum.TryParse(value, ignoreCase: true, out parity) && Enum.IsDefined(parity) && !char.IsAsciiDigit(value.FirstOrDefault()),
                "databits" => int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out dataBits) && dataBits is >= 5 and <= 8,
                "stopbits" => TryStopBits(value, out stopBits),
                _ => false,
            };
            if (!ok)
            {
                error = $"Device endpoint \"{text}\": \"{pair}\" is not a serial setting (baud=50…4000000, parity=none|odd|even|mark|space, dataBits=5…8, stopBits=1|1.5|2).";
                return false;
            }
        }

        endpoint = new DeviceEndpoint(EndpointKind.Serial, string.Empty, 0, path, baud, parity, dataBits, stopBits);
        error = null;
        return true;
    }

    private static bool TryStopBits(string value, out StopBits stopBits)
    {
        stopBits = value switch { "1" => StopBits.One, "1.5" => StopBits.OnePointFive, "2" => StopBits.Two, _ => StopBits.None };
        return stopBits != StopBits.None;
    }

    private static string StopBitsText(StopBits stopBits) => stopBits switch { StopBits.OnePointFive => "1.5", StopBits.Two => "2", _ => "1" };
}
