using System.Globalization;

namespace Traceability.LineAgent.Devices.Capture;

/// <summary>Which way bytes went: R read from the device, W written to it.</summary>
public enum CaptureDirection
{
    /// <summary>Bytes the driver read from the device.</summary>
    Read,

    /// <summary>Bytes the driver wrote to the device.</summary>
    Write,
}

/// <summary>One read or write: when (microseconds since the capture started), which way, and the bytes.</summary>
public sealed record CaptureRecord(long Micros, CaptureDirection Direction, byte[] Data);

/// <summary>
/// A device capture, in a line-oriented UTF-8 text format (version 1):
/// <code>
/// # traceability-capture v1 started=2025-03-01T08:00:00.0000000+00:00 device=serial:/dev/ttyUSB0?baud=9600…
/// +0 W TE9ODQ==
/// +15234 R MDEwOTUwNjAwMDEzNDM1Mg0K
/// </code>
/// The header is the first line; <c>device=</c> comes last and runs to the end of the line (it may hold anything but a
/// newline). Each record is <c>+MICROS DIR BASE64</c>: microseconds since the start (non-decreasing), <c>R</c> for
/// bytes read from the device or <c>W</c> for bytes written to it, and the bytes exactly as they crossed the wire.
/// Later lines starting with <c>#</c> and empty lines are comments.
/// </summary>
public sealed record CaptureFile(string Device, DateTimeOffset Started, IReadOnlyList<CaptureRecord> Records)
{
    /// <summary>The first word of every capture file.</summary>
    public const string Magic = "# traceability-capture v1";

    /// <summary>The concatenated bytes of every record in one direction.</summary>
    public byte[] Bytes(CaptureDirection direction) => [.. Records.Where(r => r.Direction == direction).SelectMany(r => r.Data)];

    /// <summary>The header line for a capture started at <paramref name="started"/>.</summary>
    public static string HeaderLine(string device, DateTimeOffset started) =>
        string.Create(CultureInfo.InvariantCulture, $"{Magic} started={started:O} device={device.ReplaceLineEndings(" ")}");

    /// <summary>One record line.</summary>
    public static string RecordLine(long micros, CaptureDirection direction, ReadOnlySpan<byte> data) =>
        string.Create(CultureInfo.InvariantCulture, $"+{micros} {(direction == CaptureDirection.Read ? 'R' : 'W')} {Convert.ToBase64String(data)}");

    /// <summary>Loads a capture file.</summary>
    /// <exception cref="FormatException">The file is not a capture; the message gives the line and the reason.</exception>
    public static CaptureFile Load(string path)
    {
        using var reader = new StreamReader(path);
        return Parse(reader, path);
    }

    /// <summary>Parses a capture; <paramref name="source"/> names it in errors.</summary>
    /// <exception cref="FormatException">Not a capture; the message gives the line and the reason.</exception>
    public static CaptureFile Parse(TextReader reader, string source = "capture")
    {
        ArgumentNullException.ThrowIfNull(reader);
        var header = reader.ReadLine();
        if (header is null || !header.StartsWith(Magic + " ", StringComparison.Ordinal))
        {
            throw new FormatException($"{source}, line 1: not a capture file (expected \"{Magic} started=… device=…\").");
        }

        var startedAt = header.IndexOf(" started=", StringComparison.Ordinal);
        var deviceAt = header.IndexOf(" device=", StringComparison.Ordinal);
        if (startedAt < 0 || deviceAt < startedAt
            || !DateTimeOffset.TryParse(header.AsSpan(startedAt + 9, deviceAt - startedAt - 9), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var started))
        {
            throw new FormatException($"{source}, line 1: the header needs started=ISO8601 then device=….");
        }

        var records = new List<CaptureRecord>();
        var lineNumber = 1;
        var last = 0L;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var parts = line.Split(' ');
            if (parts.Length != 3 || parts[0].Length < 2 || parts[0][0] != '+'
                || !long.TryParse(parts[0].AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var micros)
                || parts[1] is not ("R" or "W"))
            {
                throw new FormatException($"{source}, line {lineNumber}: expected \"+MICROS R|W BASE64\", found \"{line}\".");
            }

            if (micros < last)
            {
                throw new FormatException($"{source}, line {lineNumber}: time +{micros} goes back (previous +{last}).");
            }

            byte[] data;
            try
            {
                data = Convert.FromBase64String(parts[2]);
            }
            catch (FormatException e)
            {
                throw new FormatException($"{source}, line {lineNumber}: the data is not base64.", e);
            }

            last = micros;
            records.Add(new CaptureRecord(micros, parts[1] == "R" ? CaptureDirection.Read : CaptureDirection.Write, data));
        }

        return new CaptureFile(header[(deviceAt + 8)..], started, records);
    }
}
