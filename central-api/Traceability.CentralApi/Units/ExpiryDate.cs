using System.Globalization;

namespace Traceability.CentralApi.Units;

/// <summary>AI (17) expiry dates (YYMMDD) as calendar dates.</summary>
internal static class ExpiryDate
{
    /// <summary>
    /// The date a YYMMDD value means. The century follows GS1 General Specifications 7.12: a year 51–99 years ahead of
    /// <paramref name="today"/>'s is in the previous century, one 50–99 years behind in the next. Day 00 means the last
    /// day of the month.
    /// </summary>
    public static DateOnly? FromYymmdd(string? yymmdd, DateOnly today)
    {
        if (yymmdd is not { Length: 6 }
            || !int.TryParse(yymmdd.AsSpan(0, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var yy)
            || !int.TryParse(yymmdd.AsSpan(2, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var month)
            || !int.TryParse(yymmdd.AsSpan(4, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var day)
            || month is < 1 or > 12)
        {
            return null;
        }

        var century = today.Year / 100 * 100;
        var difference = yy - today.Year % 100;
        var year = difference switch
        {
            >= 51 => century - 100 + yy,
            <= -50 => century + 100 + yy,
            _ => century + yy,
        };
        var last = DateTime.DaysInMonth(year, month);
        if (day == 0)
        {
            day = last;
        }

        return day <= last ? new DateOnly(year, month, day) : null;
    }
}
