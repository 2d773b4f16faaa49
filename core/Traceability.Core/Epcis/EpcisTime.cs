using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Traceability.Core.Epcis;

/// <summary>
/// EPCIS timestamps (xsd:dateTimeStamp, RFC 3339): a date, a time with any number of fractional digits, and Z or an
/// offset. .NET keeps 7 fractional digits; digits beyond are dropped when read.
/// </summary>
public static partial class EpcisTime
{
    /// <summary>Reads a timestamp; false when it is not RFC 3339 with an offset.</summary>
    public static bool TryParse(string? text, out DateTimeOffset value) => TryParse(text, out value, out _);

    /// <summary>
    /// Formats an instant as EPCIS writes it: its own offset (<c>Z</c> for UTC), fractional digits only as far as they
    /// are non-zero.
    /// </summary>
    public static string Format(DateTimeOffset value) =>
        value.Offset == TimeSpan.Zero
            ? value.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture)
            : value.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture);

    /// <summary>A time zone offset as EPCIS writes it: <c>+08:00</c>, <c>-06:00</c>, <c>+00:00</c>.</summary>
    public static string FormatOffset(TimeSpan offset) =>
        (offset < TimeSpan.Zero ? "-" : "+") + offset.Duration().ToString("hh\\:mm", CultureInfo.InvariantCulture);

    /// <summary>
    /// The form the CBV 2.0 event hash uses: UTC, <c>Z</c>, exactly three fractional digits, the third rounded up when
    /// the fourth is 5 to 9 (2023-01-18T11:04:03.1415Z becomes 2023-01-18T11:04:03.142Z).
    /// </summary>
    /// <exception cref="FormatException"><paramref name="text"/> is not an RFC 3339 timestamp.</exception>
    public static string ToHashForm(string text)
    {
        if (!TryParse(text, out var value, out var fraction))
        {
            throw new FormatException($"'{text}' is not an RFC 3339 timestamp with an offset.");
        }

        var whole = new DateTimeOffset(value.UtcTicks - (value.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
        var padded = fraction.PadRight(4, '0');
        var milliseconds = int.Parse(padded.AsSpan(0, 3), CultureInfo.InvariantCulture) + (padded[3] >= '5' ? 1 : 0);
        return whole.AddMilliseconds(milliseconds).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
    }

    private static bool TryParse(string? text, out DateTimeOffset value, [NotNullWhen(true)] out string? fraction)
    {
        value = default;
        fraction = null;
        var match = text is null ? null : Rfc3339().Match(text.Trim());
        if (match is not { Success: true })
        {
            return false;
        }

        var g = match.Groups;
        int Part(string name) => int.Parse(g[name].ValueSpan, CultureInfo.InvariantCulture);
        var offset = TimeSpan.Zero;
        if (g["sign"].Success)
        {
            offset = new TimeSpan(Part("oh"), Part("om"), 0);
            if (g["sign"].Value == "-")
            {
                offset = -offset;
            }
        }

        fraction = g["frac"].Value;
        var ticks = fraction.Length == 0 ? 0 : long.Parse(fraction.PadRight(7, '0').AsSpan(0, 7), CultureInfo.InvariantCulture);
        try
        {
            var second = Part("s");
            value = new DateTimeOffset(Part("y"), Part("mo"), Part("d"), Part("h"), Part("mi"), Math.Min(second, 59), offset)
                .AddTicks(ticks + (second == 60 ? TimeSpan.TicksPerSecond : 0));
            return offset.Duration() <= TimeSpan.FromHours(14);
        }
        catch (ArgumentOutOfRangeException)
        {
            return false;
        }
    }

    [GeneratedRegex(@"^(?<y>\d{4})-(?<mo>\d{2})-(?<d>\d{2})[Tt](?<h>\d{2}):(?<mi>\d{2}):(?<s>\d{2})(?:\.(?<frac>\d+))?(?:[Zz]|(?<sign>[+-])(?<oh>\d{2}):(?<om>\d{2}))$", RegexOptions.CultureInvariant)]
    private static partial Regex Rfc3339();
}
