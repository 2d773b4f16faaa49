using System.Globalization;

namespace Traceability.Core.Gs1.Syntax;

/// <summary>
/// Reads the text format of the GS1 Barcode Syntax Dictionary: <c>AIs [Flags] Specification [Attributes…] [# Title]</c>.
/// A line the reader does not understand is an error naming the line: a newer dictionary must not be half-read silently.
/// </summary>
internal static class SyntaxDictionaryReader
{
    internal static List<AiDefinition> Read(TextReader reader)
    {
        var definitions = new List<AiDefinition>();
        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            var hash = line.IndexOf('#', StringComparison.Ordinal);
            var body = (hash >= 0 ? line[..hash] : line).Trim();
            if (body.Length == 0)
            {
                continue;
            }

            var title = hash >= 0 ? line[(hash + 1)..].Trim() : string.Empty;
            try
            {
                definitions.AddRange(ReadEntry(body, title));
            }
            catch (FormatException e)
            {
                throw new FormatException($"GS1 syntax dictionary line {lineNumber}: {e.Message}", e);
            }
        }

        return definitions;
    }

    private static IEnumerable<AiDefinition> ReadEntry(string body, string title)
    {
        var tokens = body.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var (first, last) = ReadAiRange(tokens[0]);
        var i = 1;
        var flags = string.Empty;
        if (i < tokens.Length && tokens[i].All(c => "*!?\"$%&'()+,-./:;<=>@[\\]^_`{|}~".Contains(c, StringComparison.Ordinal)) && !tokens[i].StartsWith('['))
        {
            flags = tokens[i++];
        }

        var components = new List<AiComponent>();
        while (i < tokens.Length && IsComponent(tokens[i]))
        {
            components.Add(ReadComponent(tokens[i++]));
        }

        if (components.Count == 0)
        {
            throw new FormatException($"AI {tokens[0]} has no specification.");
        }

        var requires = new List<IReadOnlyList<IReadOnlyList<AiPattern>>>();
        var excludes = new List<AiPattern>();
        List<IReadOnlyList<string>>? qualifiers = null;
        for (; i < tokens.Length; i++)
        {
            var (key, value) = tokens[i].IndexOf('=', StringComparison.Ordinal) is var eq and >= 0
                ? (tokens[i][..eq], tokens[i][(eq + 1)..])
                : (tokens[i], null);
            switch (key)
            {
                case "req":
                    requires.Add(value!.Split(',').Select(alt => (IReadOnlyList<AiPattern>)alt.Split('+').Select(p => new AiPattern(p)).ToArray()).ToArray());
                    break;
                case "ex":
                    excludes.AddRange(value!.Split(',').Select(p => new AiPattern(p)));
                    break;
                case "dlpkey":
                    qualifiers = value is null
                        ? [Array.Empty<string>()]
                        : value.Split('|').Select(seq => (IReadOnlyList<string>)seq.Split(',')).ToList();
                    break;
                default:
                    // Attributes this version does not use are skipped: the dictionary says keys are open-ended.
                    break;
            }
        }

        var width = tokens[0].IndexOf('-', StringComparison.Ordinal) is var dash and >= 0 ? dash : tokens[0].Length;
        for (var n = first; n <= last; n++)
        {
            var ai = n.ToString(CultureInfo.InvariantCulture).PadLeft(width, '0');
            yield return new AiDefinition(ai, title, flags.Contains('*', StringComparison.Ordinal), flags.Contains('?', StringComparison.Ordinal),
                components, requires, excludes, qualifiers);
        }
    }

    private static (int First, int Last) ReadAiRange(string token)
    {
        var parts = token.Split('-');
        if (parts.Length > 2 || parts.Any(p => p.Length is < 2 or > 4 || !p.All(char.IsAsciiDigit)) || (parts.Length == 2 && parts[0].Length != parts[1].Length))
        {
            throw new FormatException($"'{token}' is not an AI or an AI range.");
        }

        var first = int.Parse(parts[0], CultureInfo.InvariantCulture);
        var last = parts.Length == 2 ? int.Parse(parts[1], CultureInfo.InvariantCulture) : first;
        return first <= last ? (first, last) : throw new FormatException($"AI range '{token}' runs backwards.");
    }

    private static bool IsComponent(string token) =>
        token.Length > 1 && (token[0] is 'N' or 'X' or 'Y' or 'Z' || (token[0] == '[' && token[1] is 'N' or 'X' or 'Y' or 'Z'));

    private static AiComponent ReadComponent(string token)
    {
        var parts = token.Split(',');
        var type = parts[0];
        var optional = type.StartsWith('[');
        if (optional)
        {
            if (!type.EndsWith(']'))
            {
                throw new FormatException($"Component '{token}' opens '[' without closing it.");
            }

            type = type[1..^1];
        }

        var set = type[0] switch
        {
            'N' => CharacterSet.Numeric,
            'X' => CharacterSet.Cset82,
            'Y' => CharacterSet.Cset39,
            'Z' => CharacterSet.Base64Url,
            _ => throw new FormatException($"Component '{token}' has unknown type '{type[0]}'."),
        };
        var length = type[1..];
        int min, max;
        if (length.StartsWith("..", StringComparison.Ordinal))
        {
            min = 1;
            max = int.Parse(length[2..], CultureInfo.InvariantCulture);
        }
        else
        {
            min = max = int.Parse(length, CultureInfo.InvariantCulture);
        }

        var names = parts[1..];
        return new AiComponent(set, min, max, optional, names.Select(Linters.FromName).ToArray(), names);
    }
}
