namespace Traceability.Core.Serials;

/// <summary>
/// A serial number as GS1 AI (21) carries it: 1 to 20 characters of GS1 CSET 82. It identifies a unit only
/// together with its GTIN. <c>default(Serial)</c> is empty and never produced by <see cref="Parse"/>.
/// </summary>
public readonly record struct Serial
{
    /// <summary>The longest serial AI (21) allows (format X..20).</summary>
    public const int MaxLength = 20;

    private readonly string? _value;

    private Serial(string value) => _value = value;

    /// <summary>The serial's characters.</summary>
    public string Value => _value ?? string.Empty;

    /// <summary>Parses <paramref name="text"/> as an AI (21) serial.</summary>
    /// <exception cref="FormatException">Empty, longer than 20 characters, or a character outside GS1 CSET 82; the message says which and where.</exception>
    public static Serial Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var problem = FindProblem(text);
        return problem is null ? new Serial(text) : throw new FormatException(problem);
    }

    /// <summary>Parses <paramref name="text"/> as an AI (21) serial; false when it is not one.</summary>
    public static bool TryParse(string? text, out Serial serial)
    {
        if (text is not null && FindProblem(text) is null)
        {
            serial = new Serial(text);
            return true;
        }

        serial = default;
        return false;
    }

    /// <inheritdoc/>
    public override string ToString() => Value;

    /// <summary>Wraps text the caller has already checked (generator output).</summary>
    internal static Serial FromTrusted(string value) => new(value);

    internal static string? FindProblem(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty)
        {
            return "Serial (AI 21) is empty; it needs 1 to 20 characters.";
        }

        if (text.Length > MaxLength)
        {
            return $"Serial (AI 21) \"{text}\" has {text.Length} characters; AI (21) allows at most {MaxLength}.";
        }

        for (var i = 0; i < text.Length; i++)
        {
            if (!SerialAlphabet.IsGs1Cset82(text[i]))
            {
                return $"Serial (AI 21) \"{text}\", position {i + 1}: {SerialAlphabet.Describe(text[i])} is not in GS1 CSET 82.";
            }
        }

        return null;
    }
}
