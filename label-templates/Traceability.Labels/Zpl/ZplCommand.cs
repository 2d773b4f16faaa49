namespace Traceability.Labels.Zpl;

/// <summary>
/// One command as lexed: prefix (^ or ~), upper-case name ("FO", "GF"; for fonts "A" with the font letter leading the
/// parameters), the raw parameter text, and the 1-based position of the prefix in the stream.
/// </summary>
internal readonly record struct ZplCommand(char Prefix, string Name, string Parameters, int Position)
{
    public string Display => Prefix + Name;

    /// <summary>Splits the parameters on commas into at most <paramref name="max"/> parts (the last keeps its commas).</summary>
    public string[] Split(int max = int.MaxValue) => Parameters.Length == 0 ? [] : Parameters.Split(',', max);

    public int? Int(string[] parts, int index, string what)
    {
        if (index >= parts.Length)
        {
            return null;
        }

        var text = parts[index].Trim();
        if (text.Length == 0)
        {
            return null;
        }

        if (int.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        // Printers accept "3.0" where a whole number is expected; anything else is a typo worth stopping for.
        if (double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var real))
        {
            return (int)Math.Round(real);
        }

        throw new ZplException(this, $"'{text}' is not a number ({what})");
    }

    public double? Real(string[] parts, int index, string what)
    {
        if (index >= parts.Length || parts[index].Trim().Length == 0)
        {
            return null;
        }

        var text = parts[index].Trim();
        return double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new ZplException(this, $"'{text}' is not a number ({what})");
    }

    public static char? Letter(string[] parts, int index) =>
        index < parts.Length && parts[index].Trim().Length > 0 ? char.ToUpperInvariant(parts[index].Trim()[0]) : null;
}
