using System.Globalization;
using System.Text;

namespace Traceability.Labels.Templates;

/// <summary>
/// A text with variables, e.g. "SN {serial}" or "(01){gtin}(17){expiry:yyMMdd}". Variables are checked when the
/// template loads: an unknown name, a format on a variable that is not a date, or an unclosed brace is an error.
/// "{{" and "}}" stand for literal braces.
/// </summary>
public sealed class TemplateText
{
    /// <summary>The variables a template may use.</summary>
    public static readonly IReadOnlyList<string> KnownVariables =
        ["serial", "gtin", "lot", "expiry", "sscc", "count", "digitalLink", "model", "digsig", "date", "destination"];

    /// <summary>Variables that hold dates (ISO yyyy-MM-dd in the data) and accept a format: {date:yyyy-MM-dd}, {expiry:yyMMdd}.</summary>
    public static readonly IReadOnlyList<string> DateVariables = ["date", "expiry"];

    private readonly Segment[] _segments;

    private TemplateText(string source, Segment[] segments)
    {
        Source = source;
        _segments = segments;
    }

    /// <summary>The text as written in the template.</summary>
    public string Source { get; }

    /// <summary>The variable names used.</summary>
    public IEnumerable<string> Variables => _segments.Where(s => s.Variable is not null).Select(s => s.Variable!);

    /// <summary>Parses a template text; <paramref name="problem"/> says what is wrong.</summary>
    public static TemplateText? TryParse(string text, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(text);
        var segments = new List<Segment>();
        var literal = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '{' && i + 1 < text.Length && text[i + 1] == '{')
            {
                literal.Append('{');
                i++;
                continue;
            }

            if (c == '}' && i + 1 < text.Length && text[i + 1] == '}')
            {
                literal.Append('}');
                i++;
                continue;
            }

            if (c == '}')
            {
                problem = $"'}}' at position {i + 1} closes no variable (write '}}}}' for a literal brace)";
                return null;
            }

            if (c != '{')
            {
                literal.Append(c);
                continue;
            }

            var close = text.IndexOf('}', i + 1);
            if (close < 0)
            {
                problem = $"'{{' at position {i + 1} is never closed";
                return null;
            }

            var body = text[(i + 1)..close];
            var colon = body.IndexOf(':', StringComparison.Ordinal);
            var name = colon >= 0 ? body[..colon] : body;
            var format = colon >= 0 ? body[(colon + 1)..] : null;
            if (!KnownVariables.Contains(name))
            {
                problem = $"unknown variable {{{name}}}; known: {string.Join(", ", KnownVariables.Select(v => $"{{{v}}}"))}";
                return null;
            }

            if (format is not null && !DateVariables.Contains(name))
            {
                problem = $"{{{body}}}: only {string.Join(" and ", DateVariables.Select(v => $"{{{v}}}"))} take a format";
                return null;
            }

            if (format is not null && !IsUsableDateFormat(format))
            {
                problem = $"{{{body}}}: '{format}' is not a date format such as yyyy-MM-dd or yyMMdd";
                return null;
            }

            if (literal.Length > 0)
            {
                segments.Add(new Segment(literal.ToString(), null, null));
                literal.Clear();
            }

            segments.Add(new Segment(null, name, format));
            i = close;
        }

        if (literal.Length > 0)
        {
            segments.Add(new Segment(literal.ToString(), null, null));
        }

        problem = null;
        return new TemplateText(text, segments.ToArray());
    }

    /// <summary>Fills the variables from <paramref name="data"/>.</summary>
    /// <exception cref="LabelDataException">A variable has no value, or a date is not yyyy-MM-dd.</exception>
    public string Resolve(LabelData data) => Resolve(data, escape: null);

    /// <summary>
    /// Fills the variables into a bracketed GS1 element string: a "(" inside a value is written "\(" so that a lot such
    /// as "L(1)" stays data and is not read as the start of an AI.
    /// </summary>
    public string ResolveGs1(LabelData data) => Resolve(data, static v => v.Replace("(", "\\(", StringComparison.Ordinal));

    private string Resolve(LabelData data, Func<string, string>? escape)
    {
        ArgumentNullException.ThrowIfNull(data);
        var sb = new StringBuilder();
        foreach (var s in _segments)
        {
            if (s.Literal is not null)
            {
                sb.Append(s.Literal);
                continue;
            }

            var value = data.Get(s.Variable!);
            if (s.Format is null)
            {
                sb.Append(escape is null ? value : escape(value));
                continue;
            }

            if (!DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                throw new LabelDataException(s.Variable!, $"'{value}' is not a date in the form yyyy-MM-dd");
            }

            sb.Append(date.ToString(s.Format, CultureInfo.InvariantCulture));
        }

        return sb.ToString();
    }

    /// <inheritdoc />
    public override string ToString() => Source;

    private static bool IsUsableDateFormat(string format)
    {
        if (format.Length == 0 || format.Any(c => char.IsAsciiLetter(c) && "yMd".IndexOf(c, StringComparison.Ordinal) < 0))
        {
            return false;
        }

        try
        {
            _ = new DateOnly(2026, 1, 2).ToString(format, CultureInfo.InvariantCulture);
            return true;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    private sealed record Segment(string? Literal, string? Variable, string? Format);
}
