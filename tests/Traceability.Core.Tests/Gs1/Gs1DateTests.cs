using Traceability.Core.Gs1;

namespace Traceability.Core.Tests.Gs1;

public sealed class Gs1DateTests
{
    [Theory]
    [InlineData("271231", 2026, "2027-12-31")]
    [InlineData("760101", 2026, "2076-01-01")] // 50 years ahead: this century
    [InlineData("770101", 2026, "1977-01-01")] // 51 years ahead: previous century
    [InlineData("770101", 2030, "2077-01-01")]
    [InlineData("020101", 2080, "2102-01-01")] // 78 years back: next century
    [InlineData("280200", 2026, "2028-02-29")] // day 00: last day of the month
    [InlineData("270200", 2026, "2027-02-28")]
    public void Yymmdd_follows_the_gs1_century_rule(string yymmdd, int referenceYear, string expected)
    {
        Assert.True(Gs1Date.TryParseYymmdd(yymmdd, referenceYear, out var date, out var error), error);
        Assert.Equal(DateOnly.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), date);
    }

    [Theory]
    [InlineData("271331", "month 13")]
    [InlineData("270230", "no day 30")]
    [InlineData("2712", "six digits")]
    [InlineData("27123A", "six digits")]
    public void Non_dates_are_refused_saying_why(string yymmdd, string reason)
    {
        Assert.False(Gs1Date.TryParseYymmdd(yymmdd, 2026, out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }
}
