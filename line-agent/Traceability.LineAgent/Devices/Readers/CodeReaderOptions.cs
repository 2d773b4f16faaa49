using System.Globalization;
using System.Text;

namespace Traceability.LineAgent.Devices.Readers;

/// <summary>
/// One reader's settings, bound from configuration section <c>CodeReader</c>: endpoint, framing, no-read token and
/// trigger command as the reader's manual writes them.
/// </summary>
public sealed class CodeReaderOptions
{
    /// <summary><c>tcp://HOST:PORT</c> or <c>serial:PATH?baud=…</c>.</summary>
    public string Endpoint { get; set; } = string.Empty;

    /// <summary>Framing text, see <see cref="ReaderFraming.Parse"/> (default <c>crlf</c>).</summary>
    public string Framing { get; set; } = "crlf";

    /// <summary>What the reader sends when it decodes nothing (default <c>NOREAD</c>).</summary>
    public string NoReadToken { get; set; } = "NOREAD";

    /// <summary>
    /// The trigger command with C escapes (<c>\r</c>, <c>\n</c>, <c>\t</c>, <c>\\</c>, <c>\xHH</c>), e.g. <c>LON\r</c> or <c>&lt;T&gt;</c>;
    /// empty when the reader triggers itself (photo-eye or continuous).
    /// </summary>
    public string TriggerCommand { get; set; } = string.Empty;

    /// <summary>The first reconnect delay.</summary>
    public TimeSpan ReconnectInitialDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The longest reconnect delay.</summary>
    public TimeSpan ReconnectMaximumDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The trigger command as bytes (Latin-1 after unescaping).</summary>
    /// <exception cref="FormatException">A bad escape; the message says where.</exception>
    public byte[] TriggerBytes() => Unescape(TriggerCommand);

    /// <summary>Turns C escapes into bytes, e.g. <c>LON\r</c> into 4C 4F 4E 0D.</summary>
    public static byte[] Unescape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var result = new List<byte>(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c != '\\')
            {
                result.AddRange(Encoding.Latin1.GetBytes([c]));
                continue;
            }

            var next = i + 1 < text.Length ? text[i + 1] : '\0';
            switch (next)
            {
                case 'r': result.Add(0x0D); i++; break;
                case 'n': result.Add(0x0A); i++; break;
                case 't': result.Add(0x09); i++; break;
                case '\\': result.Add((byte)'\\'); i++; break;
                case 'x' when i + 3 < text.Length && byte.TryParse(text.AsSpan(i + 2, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var b):
                    result.Add(b);
                    i += 3;
                    break;
                default:
                    throw new FormatException($"Trigger command \"{text}\": bad escape at position {i}; use \\r, \\n, \\t, \\\\ or \\xHH.");
            }
        }

        return [.. result];
    }
}
