using System.Diagnostics.CodeAnalysis;

namespace Traceability.Core.Gs1;

/// <summary>
/// A Global Trade Item Number, held in its normalized 14-digit form (GTIN-8, -12 and -13 are left-padded with zeros,
/// as AI (01) carries them). Known-good example: 09506000134352.
/// </summary>
public readonly record struct Gtin
{
    private Gtin(string value) => Value = value;

    /// <summary>The 14 digits, check digit last.</summary>
    public string Value { get; }

    /// <summary>Parses a GTIN-8, -12, -13 or -14 and checks its check digit.</summary>
    /// <exception cref="Gs1FormatException">Wrong length, a non-digit, or a wrong check digit.</exception>
    public static Gtin Parse(string text) =>
        TryParse(text, out var gtin, out var error) ? gtin : throw new Gs1FormatException(error);

    /// <summary>Parses a GTIN-8, -12, -13 or -14 and checks its check digit.</summary>
    public static bool TryParse(string? text, out Gtin gtin) => TryParse(text, out gtin, out _);

    /// <summary>Parses a GTIN-8, -12, -13 or -14 and checks its check digit; <paramref name="error"/> says what is wrong.</summary>
    public static bool TryParse(string? text, out Gtin gtin, [NotNullWhen(false)] out Gs1Error? error)
    {
        gtin = default;
        if (!TryCheckDigits(text, "GTIN", [8, 12, 13, 14], out error))
        {
            return false;
        }

        gtin = new Gtin(text!.PadLeft(14, '0'));
        return true;
    }

    /// <summary>Builds a GTIN-14 from its first 13 digits (indicator + company prefix + item reference), computing the check digit.</summary>
    /// <exception cref="ArgumentException">Not 13 digits.</exception>
    public static Gtin FromDigitsWithoutCheck(string thirteenDigits)
    {
        ArgumentNullException.ThrowIfNull(thirteenDigits);
        if (thirteenDigits.Length != 13 || !thirteenDigits.AsSpan().ContainsOnlyDigits())
        {
            throw new ArgumentException($"'{thirteenDigits}' is not 13 digits.", nameof(thirteenDigits));
        }

        return new Gtin(thirteenDigits + Mod10.Compute(thirteenDigits));
    }

    /// <summary>The shortest standard form: GTIN-8, -12 or -13 when the leading zeros allow, else GTIN-14.</summary>
    public string ToShortestForm() =>
        Value.StartsWith("000000", StringComparison.Ordinal) ? Value[6..]
        : Value.StartsWith("00", StringComparison.Ordinal) ? Value[2..]
        : Value[0] == '0' ? Value[1..]
        : Value;

    /// <summary>The 14 digits.</summary>
    public override string ToString() => Value ?? string.Empty;

    internal static bool TryCheckDigits(string? text, string what, ReadOnlySpan<int> lengths, [NotNullWhen(false)] out Gs1Error? error)
    {
        if (string.IsNullOrEmpty(text))
        {
            error = Gs1Error.At(Gs1ErrorKind.Empty, null, 0, $"The {what} is empty.");
            return false;
        }

        var bad = text.AsSpan().IndexOfAnyExceptInRange('0', '9');
        if (bad >= 0)
        {
            error = Gs1Error.At(Gs1ErrorKind.IllegalCharacter, null, bad + 1, $"'{ElementValidator.Printable(text[bad])}' is not a digit in {what} {text}");
            return false;
        }

        if (!lengths.Contains(text.Length))
        {
            var kind = text.Length > lengths[^1] ? Gs1ErrorKind.TooLong : Gs1ErrorKind.TooShort;
            error = Gs1Error.At(kind, null, 0, $"{what} {text} has {text.Length} digits; a {what} has {string.Join(", ", lengths.ToArray())}");
            return false;
        }

        if (!Mod10.IsValid(text))
        {
            error = Gs1Error.At(Gs1ErrorKind.CheckDigit, null, text.Length,
                $"{what} {text} has check digit {text[^1]}, expected {Mod10.Compute(text.AsSpan(0, text.Length - 1))}");
            return false;
        }

        error = null;
        return true;
    }
}

internal static class DigitSpanExtensions
{
    internal static bool ContainsOnlyDigits(this ReadOnlySpan<char> span) => span.IndexOfAnyExceptInRange('0', '9') < 0;
}
