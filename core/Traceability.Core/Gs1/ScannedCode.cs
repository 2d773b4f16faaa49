using System.Diagnostics.CodeAnalysis;

namespace Traceability.Core.Gs1;

/// <summary>
/// Reads whatever a scanner or a phone camera produced: a GS1 Digital Link URI (from a QR code) or an element string
/// (raw with GS separators and an optional symbology identifier, or bracketed), and gives back the GS1 data.
/// </summary>
public static class ScannedCode
{
    /// <summary>Parses <paramref name="text"/> as a Digital Link URI when it starts with http:// or https://, else as an element string.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out ElementString? data, [NotNullWhen(false)] out Gs1Error? error)
    {
        data = null;
        if (string.IsNullOrEmpty(text))
        {
            error = new Gs1Error(Gs1ErrorKind.Empty, null, 0, "The scanned code is empty.");
            return false;
        }

        // A QR code reader may lead with the symbology identifier of a plain (non-GS1) QR code, "]Q1".
        var body = text.StartsWith("]Q1", StringComparison.Ordinal) ? text[3..] : text;
        if (body.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || body.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
        {
            if (DigitalLink.TryParse(body, out var link, out error))
            {
                data = link.Data;
                return true;
            }

            return false;
        }

        return ElementString.TryParse(text, out data, out error);
    }

    /// <summary>Parses a scanned code; see <see cref="TryParse"/>.</summary>
    /// <exception cref="Gs1FormatException">The code is not valid GS1 data; the error says what and where.</exception>
    public static ElementString Parse(string text) =>
        TryParse(text, out var data, out var error) ? data : throw new Gs1FormatException(error);
}
