using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using Traceability.Core.Serials;

namespace Traceability.Core.Epcis;

/// <summary>
/// Escaping of alphanumeric components (serials, lots, location extensions) in EPC URIs, per the EPC Tag Data Standard
/// grammar: letters, digits and <c>! ' ( ) * + , - . : ; = _</c> stand for themselves; the other GS1 CSET 82 characters
/// (<c>" % &amp; / &lt; &gt; ?</c>) are written as <c>%XX</c> with upper-case hex digits.
/// </summary>
internal static class EpcComponent
{
    private const string Unescaped = "!'()*+,-.:;=_";

    /// <summary>The URI form of a CSET 82 value: the seven reserved characters escaped, everything else as is.</summary>
    public static string Escape(string value)
    {
        var sb = new StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            if (char.IsAsciiLetterOrDigit(c) || Unescaped.Contains(c, StringComparison.Ordinal))
            {
                sb.Append(c);
            }
            else
            {
                sb.Append('%').Append(((int)c).ToString("X2", CultureInfo.InvariantCulture));
            }
        }

        return sb.ToString();
    }

    /// <summary>
    /// Decodes a URI component: unescaped characters must be those the grammar allows unescaped; a <c>%XX</c> escape must
    /// decode to a GS1 CSET 82 character (upper or lower case hex is accepted).
    /// </summary>
    public static bool TryUnescape(string component, string what, [NotNullWhen(true)] out string? value, [NotNullWhen(false)] out string? error)
    {
        var sb = new StringBuilder(component.Length);
        for (var i = 0; i < component.Length; i++)
        {
            var c = component[i];
            if (c == '%')
            {
                if (i + 2 >= component.Length || !char.IsAsciiHexDigit(component[i + 1]) || !char.IsAsciiHexDigit(component[i + 2]))
                {
                    value = null;
                    error = $"{what} '{component}', position {i + 1}: '%' must start a two-hex-digit escape such as %2F";
                    return false;
                }

                var decoded = (char)int.Parse(component.AsSpan(i + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                if (!SerialAlphabet.IsGs1Cset82(decoded))
                {
                    value = null;
                    error = $"{what} '{component}', position {i + 1}: %{component.Substring(i + 1, 2)} is not a GS1 CSET 82 character";
                    return false;
                }

                sb.Append(decoded);
                i += 2;
            }
            else if (char.IsAsciiLetterOrDigit(c) || Unescaped.Contains(c, StringComparison.Ordinal))
            {
                sb.Append(c);
            }
            else
            {
                value = null;
                error = $"{what} '{component}', position {i + 1}: {Describe(c)} must be percent-escaped in an EPC URI (e.g. / as %2F)";
                return false;
            }
        }

        value = sb.ToString();
        error = null;
        return true;
    }

    public static bool IsDigits(string s) => s.Length > 0 && s.AsSpan().IndexOfAnyExceptInRange('0', '9') < 0;

    private static string Describe(char c) => c is >= ' ' and < (char)127 ? $"'{c}'" : $"U+{(int)c:X4}";
}
