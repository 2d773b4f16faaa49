using System.Diagnostics.CodeAnalysis;
using System.Text;
using Traceability.Core.Gs1.Syntax;

namespace Traceability.Core.Gs1;

/// <summary>
/// A validated GS1 element string: the AIs and data a GS1 DataMatrix, GS1-128, GS1 QR code or Digital Link carries.
/// Two textual forms: raw, as a scanner transmits it (AIs concatenated, GS (0x1D) after every variable-length field
/// that is not last, optionally led by a symbology identifier such as "]d2"), and bracketed, as printed under a
/// barcode: "(01)09506000134352(21)ABC123" (a "(" inside data is written "\(").
/// </summary>
public sealed class ElementString : IEquatable<ElementString>
{
    /// <summary>The ASCII group separator that stands for FNC1 between fields.</summary>
    public const char GroupSeparator = '\x1D';

    private static readonly string[] Gs1SymbologyIdentifiers = ["]C1", "]d2", "]Q3", "]e0", "]J1"];

    private readonly AiValue[] _elements;

    private ElementString(AiValue[] elements) => _elements = elements;

    /// <summary>The elements in the order they were given.</summary>
    public IReadOnlyList<AiValue> Elements => _elements;

    /// <summary>The data of <paramref name="ai"/>, or null when the code does not carry it.</summary>
    public string? this[string ai]
    {
        get
        {
            foreach (var e in _elements)
            {
                if (e.Ai == ai)
                {
                    return e.Value;
                }
            }

            return null;
        }
    }

    /// <summary>Parses raw or bracketed text (bracketed when it starts with "(").</summary>
    /// <exception cref="Gs1FormatException">The text is not a valid element string; the error says what and where.</exception>
    public static ElementString Parse(string text) =>
        TryParse(text, out var result, out var error) ? result : throw new Gs1FormatException(error);

    /// <summary>Parses raw or bracketed text (bracketed when it starts with "(").</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out ElementString? result, [NotNullWhen(false)] out Gs1Error? error) =>
        text is not null && text.StartsWith('(')
            ? TryParseBracketed(text, out result, out error)
            : TryParseRaw(text, out result, out error);

    /// <summary>Parses the raw form a scanner transmits: optional symbology identifier, AIs, GS separators.</summary>
    public static bool TryParseRaw(string? text, [NotNullWhen(true)] out ElementString? result, [NotNullWhen(false)] out Gs1Error? error)
    {
        result = null;
        if (string.IsNullOrEmpty(text))
        {
            error = Gs1Error.At(Gs1ErrorKind.Empty, null, 0, "The code is empty.");
            return false;
        }

        var table = AiTable.Default;
        var pos = 0;
        if (text[0] == ']')
        {
            if (text.Length < 3 || Array.IndexOf(Gs1SymbologyIdentifiers, text[..3]) < 0)
            {
                error = Gs1Error.At(Gs1ErrorKind.UnknownAi, null, 1,
                    $"symbology identifier '{text[..Math.Min(3, text.Length)]}' does not announce GS1 data (expected {string.Join(", ", Gs1SymbologyIdentifiers)})");
                return false;
            }

            pos = 3;
        }

        while (pos < text.Length && text[pos] == GroupSeparator)
        {
            pos++; // an FNC1 in first position may come through as a leading GS
        }

        var parsed = new List<ParsedElement>(8);
        while (pos < text.Length)
        {
            var span = text.AsSpan(pos);
            if (!table.TryFindPrefix(span, out var definition))
            {
                error = Gs1Error.At(Gs1ErrorKind.UnknownAi, null, pos + 1, $"no GS1 Application Identifier starts with '{Prefix(span)}'");
                return false;
            }

            var valueStart = pos + definition.Ai.Length;
            int valueEnd;
            if (definition.PredefinedLength)
            {
                valueEnd = valueStart + definition.MaxLength;
                if (valueEnd > text.Length)
                {
                    error = Gs1Error.At(Gs1ErrorKind.TooShort, definition.Ai, pos + 1,
                        $"{text.Length - valueStart} characters, needs {definition.MaxLength}");
                    return false;
                }
            }
            else
            {
                var gs = text.IndexOf(GroupSeparator, valueStart);
                valueEnd = gs < 0 ? text.Length : gs;
            }

            var value = text.AsSpan(valueStart, valueEnd - valueStart);
            if (CheckAndAdd(parsed, definition, value, valueStart + 1, pos + 1) is { } failure)
            {
                error = failure;
                return false;
            }

            pos = valueEnd;
            if (pos < text.Length && text[pos] == GroupSeparator)
            {
                pos++;
            }
        }

        return Finish(parsed, out result, out error);
    }

    /// <summary>Parses the bracketed human-readable form "(01)09506000134352(21)ABC123".</summary>
    public static bool TryParseBracketed(string? text, [NotNullWhen(true)] out ElementString? result, [NotNullWhen(false)] out Gs1Error? error)
    {
        result = null;
        if (string.IsNullOrEmpty(text))
        {
            error = Gs1Error.At(Gs1ErrorKind.Empty, null, 0, "The code is empty.");
            return false;
        }

        var table = AiTable.Default;
        var parsed = new List<ParsedElement>(8);
        var pos = 0;
        var value = new StringBuilder();
        while (pos < text.Length)
        {
            if (text[pos] != '(')
            {
                error = Gs1Error.At(Gs1ErrorKind.MalformedBrackets, null, pos + 1, $"expected '(' to open an AI, found '{ElementValidator.Printable(text[pos])}'");
                return false;
            }

            var close = text.IndexOf(')', pos + 1);
            if (close < 0)
            {
                error = Gs1Error.At(Gs1ErrorKind.MalformedBrackets, null, pos + 1, "'(' is never closed");
                return false;
            }

            var ai = text.AsSpan(pos + 1, close - pos - 1);
            if (!table.TryFindPrefix(ai, out var definition) || definition.Ai.Length != ai.Length)
            {
                error = Gs1Error.At(Gs1ErrorKind.UnknownAi, null, pos + 2, $"({ai}) is not a GS1 Application Identifier");
                return false;
            }

            var valueStart = close + 1;
            value.Clear();
            var i = valueStart;
            for (; i < text.Length && text[i] != '('; i++)
            {
                if (text[i] == '\\' && i + 1 < text.Length && text[i + 1] == '(')
                {
                    i++;
                }

                value.Append(text[i]);
            }

            if (CheckAndAdd(parsed, definition, value.ToString(), valueStart + 1, pos + 1) is { } failure)
            {
                error = failure;
                return false;
            }

            pos = i;
        }

        return Finish(parsed, out result, out error);
    }

    /// <summary>Builds and validates an element string from AIs and data, e.g. when a line composes a unit's code.</summary>
    /// <exception cref="Gs1FormatException">An element or the combination is invalid.</exception>
    public static ElementString Create(IEnumerable<AiValue> elements) =>
        TryCreate(elements, out var result, out var error) ? result : throw new Gs1FormatException(error);

    /// <summary>Builds and validates an element string from AIs and data.</summary>
    public static bool TryCreate(IEnumerable<AiValue> elements, [NotNullWhen(true)] out ElementString? result, [NotNullWhen(false)] out Gs1Error? error)
    {
        ArgumentNullException.ThrowIfNull(elements);
        result = null;
        var parsed = new List<ParsedElement>(8);
        foreach (var (ai, value) in elements)
        {
            if (ai is null || !AiTable.Default.TryGet(ai, out var definition))
            {
                error = Gs1Error.At(Gs1ErrorKind.UnknownAi, null, 0, $"({ai}) is not a GS1 Application Identifier");
                return false;
            }

            if (CheckAndAdd(parsed, definition, value ?? string.Empty, 0, 0) is { } failure)
            {
                error = failure;
                return false;
            }
        }

        return Finish(parsed, out result, out error);
    }

    /// <summary>The raw form: AIs and data concatenated, GS after each variable-length field except the last.</summary>
    public string ToRaw()
    {
        var sb = new StringBuilder();
        for (var i = 0; i < _elements.Length; i++)
        {
            sb.Append(_elements[i].Ai).Append(_elements[i].Value);
            if (i < _elements.Length - 1 && !(AiTable.Default.TryGet(_elements[i].Ai, out var d) && d.PredefinedLength))
            {
                sb.Append(GroupSeparator);
            }
        }

        return sb.ToString();
    }

    /// <summary>The bracketed human-readable form, "(01)09506000134352(21)ABC123", with "(" in data escaped as "\(".</summary>
    public string ToBracketed()
    {
        var sb = new StringBuilder();
        foreach (var (ai, value) in _elements)
        {
            sb.Append('(').Append(ai).Append(')').Append(value.Replace("(", "\\(", StringComparison.Ordinal));
        }

        return sb.ToString();
    }

    /// <summary>A copy with <paramref name="ai"/> removed (e.g. the DigSig before verifying).</summary>
    public ElementString Without(string ai) => new(Array.FindAll(_elements, e => e.Ai != ai));

    /// <summary>The bracketed form.</summary>
    public override string ToString() => ToBracketed();

    /// <inheritdoc />
    public bool Equals(ElementString? other) => other is not null && _elements.AsSpan().SequenceEqual(other._elements);

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as ElementString);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = default(HashCode);
        foreach (var e in _elements)
        {
            hash.Add(e);
        }

        return hash.ToHashCode();
    }

    internal static ElementString FromValidated(AiValue[] elements) => new(elements);

    private static Gs1Error? CheckAndAdd(List<ParsedElement> parsed, AiDefinition definition, ReadOnlySpan<char> value, int valuePosition, int aiPosition)
    {
        if (ElementValidator.CheckValue(definition, value, valuePosition, aiPosition) is { } error)
        {
            return error;
        }

        var element = new ParsedElement(definition, value.ToString(), aiPosition, valuePosition);
        if (ElementValidator.CheckDuplicate(parsed, element, out var isRepeat) is { } duplicate)
        {
            return duplicate;
        }

        if (!isRepeat)
        {
            parsed.Add(element);
        }

        return null;
    }

    private static bool Finish(List<ParsedElement> parsed, [NotNullWhen(true)] out ElementString? result, [NotNullWhen(false)] out Gs1Error? error)
    {
        result = null;
        if (parsed.Count == 0)
        {
            error = Gs1Error.At(Gs1ErrorKind.Empty, null, 0, "The code carries no GS1 element.");
            return false;
        }

        error = ElementValidator.CheckPairings(parsed);
        if (error is not null)
        {
            return false;
        }

        var elements = new AiValue[parsed.Count];
        for (var i = 0; i < elements.Length; i++)
        {
            elements[i] = new AiValue(parsed[i].Definition.Ai, parsed[i].Value);
        }

        result = new ElementString(elements);
        return true;
    }

    private static string Prefix(ReadOnlySpan<char> span)
    {
        var sb = new StringBuilder();
        foreach (var c in span[..Math.Min(4, span.Length)])
        {
            sb.Append(ElementValidator.Printable(c));
        }

        return sb.ToString();
    }
}
