using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace Traceability.LineAgent.Devices.Readers;

/// <summary>
/// How a fixed-mount reader delimits each decoded code on the wire: optional prefix bytes, required suffix bytes, and the
/// longest frame accepted before the bytes are declared garbled. Parsed from configuration text: <c>cr</c>, <c>lf</c>,
/// <c>crlf</c>, <c>stx-etx</c>, <c>suffix:0x0D0A</c>, <c>prefix:0x02,suffix:0x03</c>, optionally <c>,max:512</c>.
/// </summary>
public sealed class ReaderFraming
{
    /// <summary>The default longest payload (bytes between prefix and suffix) before a frame is garbled.</summary>
    public const int DefaultMaxFrameLength = 512;

    private readonly byte[] _prefix;
    private readonly byte[] _suffix;

    /// <summary>Creates a framing; <paramref name="suffix"/> must not be empty (it is what ends a frame).</summary>
    public ReaderFraming(ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> suffix, int maxFrameLength = DefaultMaxFrameLength)
    {
        if (suffix.IsEmpty)
        {
            throw new ArgumentException("A reader framing needs a suffix: it is what ends a frame.", nameof(suffix));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(maxFrameLength, 1);
        _prefix = prefix.ToArray();
        _suffix = suffix.ToArray();
        MaxFrameLength = maxFrameLength;
    }

    /// <summary>Carriage return after each code.</summary>
    public static ReaderFraming Cr { get; } = new([], "\r"u8);

    /// <summary>Line feed after each code.</summary>
    public static ReaderFraming Lf { get; } = new([], "\n"u8);

    /// <summary>CR LF after each code (the usual factory default).</summary>
    public static ReaderFraming CrLf { get; } = new([], "\r\n"u8);

    /// <summary>STX (0x02) before and ETX (0x03) after each code.</summary>
    public static ReaderFraming StxEtx { get; } = new([0x02], [0x03]);

    /// <summary>Bytes that start a frame (may be empty).</summary>
    public ReadOnlySpan<byte> Prefix => _prefix;

    /// <summary>Bytes that end a frame (never empty).</summary>
    public ReadOnlySpan<byte> Suffix => _suffix;

    /// <summary>The longest payload accepted; a frame with no suffix within this many bytes is garbled.</summary>
    public int MaxFrameLength { get; }

    /// <summary>Parses configuration text; see the type's summary.</summary>
    /// <exception cref="FormatException">The text is not a framing; the message says why.</exception>
    public static ReaderFraming Parse(string text) =>
        TryParse(text, out var framing, out var error) ? framing : throw new FormatException(error);

    /// <summary>Parses configuration text; <paramref name="error"/> says what is wrong.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out ReaderFraming? framing, [NotNullWhen(false)] out string? error)
    {
        framing = null;
        const string Help = "use cr, lf, crlf, stx-etx, or prefix:0xHH…,suffix:0xHH…[,max:N]";
        if (string.IsNullOrWhiteSpace(text))
        {
            error = $"Reader framing is empty; {Help}.";
            return false;
        }

        byte[] prefix = [];
        byte[]? suffix = null;
        var max = DefaultMaxFrameLength;
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var colon = part.IndexOf(':', StringComparison.Ordinal);
            var key = (colon >= 0 ? part[..colon] : part).ToLowerInvariant();
            var value = colon >= 0 ? part[(colon + 1)..] : string.Empty;
            bool ok;
            switch (key)
            {
                case "cr" when colon < 0: suffix = [0x0D]; ok = true; break;
                case "lf" when colon < 0: suffix = [0x0A]; ok = true; break;
                case "crlf" when colon < 0: suffix = [0x0D, 0x0A]; ok = true; break;
                case "stx-etx" when colon < 0: (prefix, suffix) = ([0x02], [0x03]); ok = true; break;
                case "prefix": ok = TryHex(value, out prefix); break;
                case "suffix": ok = TryHex(value, out var s) && s.Length > 0; suffix = s; break;
                case "max": ok = int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out max) && max is >= 1 and <= 1_000_000; break;
                default: ok = false; break;
            }

            if (!ok)
            {
                error = $"Reader framing \"{text}\": \"{part}\" is not understood; {Help}.";
                return false;
            }
        }

        if (suffix is null)
        {
            error = $"Reader framing \"{text}\" has no suffix: a frame must end with something; {Help}.";
            return false;
        }

        framing = new ReaderFraming(prefix, suffix, max);
        error = null;
        return true;
    }

    /// <summary>The payload wrapped in this framing's prefix and suffix.</summary>
    public byte[] Encode(ReadOnlySpan<byte> payload)
    {
        var frame = new byte[_prefix.Length + payload.Length + _suffix.Length];
        _prefix.CopyTo(frame, 0);
        payload.CopyTo(frame.AsSpan(_prefix.Length));
        _suffix.CopyTo(frame, _prefix.Length + payload.Length);
        return frame;
    }

    /// <summary>The canonical configuration text, e.g. <c>prefix:0x02,suffix:0x03,max:512</c>.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        if (_prefix.Length > 0)
        {
            text.Append("prefix:0x").Append(Convert.ToHexString(_prefix)).Append(',');
        }

        text.Append("suffix:0x").Append(Convert.ToHexString(_suffix));
        text.Append(CultureInfo.InvariantCulture, $",max:{MaxFrameLength}");
        return text.ToString();
    }

    private static bool TryHex(string value, out byte[] bytes)
    {
        bytes = [];
        if (!value.StartsWith("0x", StringComparison.OrdinalIgnoreCase) || value.Length == 2 || value.Length % 2 != 0)
        {
            return false;
        }

        try
        {
            bytes = Convert.FromHexString(value.AsSpan(2));
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
