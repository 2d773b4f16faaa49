using Traceability.Core.Gs1;

namespace Traceability.Core.Tests.Gs1;

public sealed class GtinTests
{
    [Theory]
    [InlineData("09506000134352", "09506000134352")]
    [InlineData("9506000134352", "09506000134352")] // GTIN-13, the GS1 example
    [InlineData("614141000036", "00614141000036")] // GTIN-12
    [InlineData("95050003", "00000095050003")] // GTIN-8
    public void Valid_gtins_are_normalized_to_fourteen_digits(string text, string expected)
    {
        Assert.Equal(expected, Gtin.Parse(text).Value);
    }

    [Fact]
    public void Gtin_with_wrong_check_digit_is_rejected_with_the_expected_digit()
    {
        var e = Assert.Throws<Gs1FormatException>(() => Gtin.Parse("09506000134353"));
        Assert.Equal(Gs1ErrorKind.CheckDigit, e.Error.Kind);
        Assert.Contains("expected 2", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("09506000134", Gs1ErrorKind.TooShort)]
    [InlineData("095060001343521", Gs1ErrorKind.TooLong)]
    [InlineData("0950600O134352", Gs1ErrorKind.IllegalCharacter)]
    [InlineData("", Gs1ErrorKind.Empty)]
    public void Malformed_gtins_name_their_problem(string text, Gs1ErrorKind kind)
    {
        Assert.False(Gtin.TryParse(text, out _, out var error));
        Assert.Equal(kind, error.Kind);
    }

    [Fact]
    public void Check_digit_is_computed_for_thirteen_digits()
    {
        Assert.Equal("09506000134352", Gtin.FromDigitsWithoutCheck("0950600013435").Value);
    }

    [Fact]
    public void Shortest_form_drops_padding()
    {
        Assert.Equal("9506000134352", Gtin.Parse("09506000134352").ToShortestForm());
        Assert.Equal("95050003", Gtin.Parse("95050003").ToShortestForm());
    }
}
