using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Traceability.Core.Gs1;

/// <summary>
/// A Serial Shipping Container Code (AI 00): extension digit, GS1 Company Prefix, serial reference, check digit;
/// 18 digits. Identifies a case or a pallet. Known-good example: 106141411234567897.
/// </summary>
public readonly record struct Sscc
{
    private Sscc(string value) => Value = value;

    /// <summary>The 18 digits, check digit last.</summary>
    public string Value { get; }

    /// <summary>The extension digit (0–9), chosen by the company to extend the serial reference's capacity.</summary>
    public int ExtensionDigit => Value[0] - '0';

    /// <summary>Parses 18 digits and checks the check digit.</summary>
    /// <exception cref="Gs1FormatException">Wrong length, a non-digit, or a wrong check digit.</exception>
    public static Sscc Parse(string text) =>
        TryParse(text, out var sscc, out var error) ? sscc : throw new Gs1FormatException(error);

    /// <summary>Parses 18 digits and checks the check digit.</summary>
    public static bool TryParse(string? text, out Sscc sscc) => TryParse(text, out sscc, out _);

    /// <summary>Parses 18 digits and checks the check digit; <paramref name="error"/> says what is wrong.</summary>
    public static bool TryParse(string? text, out Sscc sscc, [NotNullWhen(false)] out Gs1Error? error)
    {
        sscc = default;
        if (!Gtin.TryCheckDigits(text, "SSCC", [18], out error))
        {
            return false;
        }

        sscc = new Sscc(text!);
        return true;
    }

    /// <summary>
    /// Builds an SSCC from extension digit + company prefix + serial reference, computing the check digit. The company
    /// prefix and the serial reference together have 16 digits; the reference is zero-padded to fill them.
    /// </summary>
    /// <exception cref="ArgumentException">A part is out of range or the reference does not fit.</exception>
    public static Sscc Create(int extensionDigit, string companyPrefix, long serialReference)
    {
        ArgumentNullException.ThrowIfNull(companyPrefix);
        ArgumentOutOfRangeException.ThrowIfNotEqual((uint)extensionDigit <= 9, true, nameof(extensionDigit));
        if (companyPrefix.Length is < 4 or > 12 || !companyPrefix.AsSpan().ContainsOnlyDigits())
        {
            throw new ArgumentException($"GS1 Company Prefix '{companyPrefix}' must be 4 to 12 digits.", nameof(companyPrefix));
        }

        var referenceDigits = 16 - companyPrefix.Length;
        var reference = serialReference.ToString(CultureInfo.InvariantCulture);
        if (serialReference < 0 || reference.Length > referenceDigits)
        {
            throw new ArgumentOutOfRangeException(nameof(serialReference), serialReference,
                $"With a {companyPrefix.Length}-digit company prefix the serial reference has {referenceDigits} digits (0 to {new string('9', referenceDigits)}).");
        }

        var body = string.Create(CultureInfo.InvariantCulture, $"{extensionDigit}{companyPrefix}{reference.PadLeft(referenceDigits, '0')}");
        return new Sscc(body + Mod10.Compute(body));
    }

    /// <summary>The 18 digits.</summary>
    public override string ToString() => Value ?? string.Empty;
}
