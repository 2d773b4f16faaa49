using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Traceability.Core.Gs1;

/// <summary>Dates as GS1 AIs carry them (YYMMDD, e.g. AI (17) expiry), turned into calendar dates.</summary>
public static class Gs1Date
{
    /// <summary>
    /// The calendar date of a YYMMDD value. The century follows the GS1 General Specifications rule: the year is taken
    /// within 49 years before and 50 years after <paramref name="referenceYear"/>. Day 00 means the last day of the month
    /// (allowed for AIs such as (17)).
    /// </summary>
    /// <param name="yymmdd">Six digits.</param>
    /// <param name="referenceYear">The "current" year of the rule, e.g. the year the code was printed.</param>
    /// <param name="date">The date.</param>
    /// <param name="error">Why the value is not a date.</param>
    public static bool TryParseYymmdd(string? yymmdd, int referenceYear, out DateOnly date, [NotNullWhen(false)] out string? error)
    {
        date = default;
        if (yymmdd is null || yymmdd.Length != 6 || yymmdd.AsSpan().IndexOfAnyExceptInRange('0', '9') >= 0)
        {
            error = $"'{yymmdd}' is not a YYMMDD date (six digits).";
            return false;
        }

        var yy = int.Parse(yymmdd.AsSpan(0, 2), CultureInfo.InvariantCulture);
        var month = int.Parse(yymmdd.AsSpan(2, 2), CultureInfo.InvariantCulture);
        var day = int.Parse(yymmdd.AsSpan(4, 2), CultureInfo.InvariantCulture);
        var century = referenceYear / 100 * 100;
        var difference = yy - (referenceYear % 100);
        var year = century + yy + (difference >= 51 ? -100 : difference <= -50 ? 100 : 0);
        if (month is < 1 or > 12)
        {
            error = $"'{yymmdd}': month {month:00} is not a month.";
            return false;
        }

        var lastDay = DateTime.DaysInMonth(year, month);
        if (day > lastDay)
        {
            error = $"'{yymmdd}': {year}-{month:00} has no day {day:00}.";
            return false;
        }

        date = new DateOnly(year, month, day == 0 ? lastDay : day);
        error = null;
        return true;
    }
}
