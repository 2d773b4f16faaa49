using Traceability.Core.Gs1;

namespace Traceability.Core.Tests.Gs1;

public sealed class ElementStringTests
{
    private const char GS = ElementString.GroupSeparator;

    [Fact]
    public void Raw_element_string_with_separators_is_parsed()
    {
        var es = ElementString.Parse($"]d20109506000134352{GS}" + $"10AB-123{GS}17271231" + "21XYZ%'()*+");
        Assert.Equal(
            [new("01", "09506000134352"), new("10", "AB-123"), new("17", "271231"), new("21", "XYZ%'()*+")],
            es.Elements);
    }

    [Fact]
    public void Predefined_length_ais_need_no_separator_and_a_redundant_one_is_tolerated()
    {
        var es = ElementString.Parse($"010950600013435217271231{GS}21ABC");
        Assert.Equal("271231", es["17"]);
        Assert.Equal("ABC", es["21"]);
    }

    [Fact]
    public void Bracketed_form_is_parsed_and_formatted_with_escaped_brackets()
    {
        var es = ElementString.Parse(@"(01)09506000134352(21)A\(B)C");
        Assert.Equal("A(B)C", es["21"]);
        Assert.Equal(@"(01)09506000134352(21)A\(B)C", es.ToBracketed());
        Assert.Equal($"0109506000134352" + "21A(B)C", es.ToRaw());
    }

    [Fact]
    public void Raw_form_puts_separators_only_after_variable_length_fields()
    {
        var es = ElementString.Parse("(01)09506000134352(10)LOT1(17)271231(21)S1");
        Assert.Equal($"0109506000134352" + $"10LOT1{GS}" + "17271231" + "21S1", es.ToRaw());
    }

    [Fact]
    public void Sscc_case_label_data_is_parsed()
    {
        var es = ElementString.Parse($"00106141411234567897" + $"0209506000134352" + $"3712{GS}10LOT7");
        Assert.Equal("106141411234567897", es["00"]);
        Assert.Equal("12", es["37"]);
    }

    [Fact]
    public void Wrong_check_digit_is_rejected_naming_the_ai_and_position()
    {
        var error = Fail("(01)09506000134353(21)A");
        Assert.Equal(Gs1ErrorKind.CheckDigit, error.Kind);
        Assert.Equal("01", error.Ai);
        Assert.Equal(18, error.Position);
        Assert.Equal("AI (01) at position 18: check digit is 3, expected 2", error.Message);
    }

    [Fact]
    public void Unknown_ai_is_rejected()
    {
        var raw = Fail($"0109506000134352" + "2312");
        Assert.Equal(Gs1ErrorKind.UnknownAi, raw.Kind);
        Assert.Equal(17, raw.Position);
        Assert.Contains("no GS1 Application Identifier starts with '2312'", raw.Message, StringComparison.Ordinal);
        Assert.Equal(Gs1ErrorKind.UnknownAi, Fail("(01)09506000134352(99999)X").Kind);
    }

    [Fact]
    public void Over_length_value_is_rejected()
    {
        var error = Fail("(01)09506000134352(21)ABCDEFGHIJKLMNOPQRSTU");
        Assert.Equal(Gs1ErrorKind.TooLong, error.Kind);
        Assert.Equal("21", error.Ai);
        Assert.Contains("21 characters, at most 20", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Truncated_fixed_length_value_is_rejected()
    {
        var error = Fail("01095060001343");
        Assert.Equal(Gs1ErrorKind.TooShort, error.Kind);
        Assert.Equal("01", error.Ai);
    }

    [Theory]
    [InlineData("(01)09506000134352(21)AB C", 25, "' '")]
    [InlineData("(01)09506000134352(21)AB#C", 25, "'#'")]
    [InlineData("(01)09506000134352(21)ÄBC", 23, "'Ä'")]
    [InlineData("(01)0950600013435X", 18, "'X'")]
    public void Illegal_character_is_rejected_at_its_position(string text, int position, string shown)
    {
        var error = Fail(text);
        Assert.Equal(Gs1ErrorKind.IllegalCharacter, error.Kind);
        Assert.Equal(position, error.Position);
        Assert.Contains(shown, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("(01)09506000134352(17)271331", "month 13 is not a month")]
    [InlineData("(01)09506000134352(17)270230", "day 30 is not a day of month 02")]
    [InlineData("(01)09506000134352(11)230229", "day 29 is not a day of month 02")]
    [InlineData("(01)09506000134352(7003)2712000930", "day 00 is not a day of month 12")]
    [InlineData("(01)09506000134352(7003)2712312460", "hour 24 is not between 0 and 23")]
    public void Bad_date_is_rejected(string text, string detail)
    {
        var error = Fail(text);
        Assert.Equal(Gs1ErrorKind.BadDate, error.Kind);
        Assert.EndsWith(detail, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Month_error_names_the_ai_and_the_month_position()
    {
        Assert.Equal("AI (17) at position 25: month 13 is not a month", Fail("(01)09506000134352(17)271331").Message);
    }

    [Theory]
    [InlineData("(01)09506000134352(17)271200")] // DD = 00: no specific day, allowed for (17)
    [InlineData("(01)09506000134352(11)240229")] // leap year
    public void Dates_gs1_allows_are_accepted(string text)
    {
        Assert.True(ElementString.TryParse(text, out _, out var error), error?.Message);
    }

    [Fact]
    public void Serial_without_gtin_is_a_missing_pairing()
    {
        var error = Fail("(21)ABC123");
        Assert.Equal(Gs1ErrorKind.MissingPairing, error.Kind);
        Assert.Equal("AI (21) at position 1: needs (01) or (03) or (8006) in the same code", error.Message);
    }

    [Fact]
    public void Gtin_with_content_gtin_is_an_invalid_pairing()
    {
        var error = Fail("(01)09506000134352(02)09506000134352(37)1");
        Assert.Equal(Gs1ErrorKind.InvalidPairing, error.Kind);
    }

    [Fact]
    public void Same_ai_with_different_data_is_rejected_and_identical_repeats_are_kept_once()
    {
        Assert.Equal(Gs1ErrorKind.DuplicateAi, Fail("(01)09506000134352(21)A(21)B").Kind);
        Assert.Single(ElementString.Parse("(01)09506000134352(21)A(21)A").Elements, e => e.Ai == "21");
    }

    [Theory]
    [InlineData("(01")]
    [InlineData("(01)09506000134352(21A")]
    public void Malformed_brackets_are_rejected(string text)
    {
        Assert.Equal(Gs1ErrorKind.MalformedBrackets, Fail(text).Kind);
    }

    [Fact]
    public void Non_gs1_symbology_identifier_is_rejected()
    {
        var error = Fail("]Q10109506000134352");
        Assert.Contains("]Q1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Country_codes_and_percent_escapes_are_checked()
    {
        Assert.True(ElementString.TryParse("(01)09506000134352(422)156", out _, out _));
        Assert.Equal(Gs1ErrorKind.InvalidValue, Fail("(01)09506000134352(422)000").Kind);
        Assert.Equal(Gs1ErrorKind.InvalidValue, Fail("(00)106141411234567897(4300)ACME%2").Kind);
    }

    [Fact]
    public void Alphanumeric_check_pair_of_a_gmn_is_checked()
    {
        // GS1 General Specifications example GMN with its check character pair.
        Assert.True(ElementString.TryParse("(8013)1987654Ad4X4bL5ttr2310c2K", out _, out var error), error?.Message);
        Assert.Equal(Gs1ErrorKind.CheckDigit, Fail("(8013)1987654Ad4X4bL5ttr2310c2L").Kind);
    }

    [Fact]
    public void Digsig_value_must_be_base64url()
    {
        Assert.True(ElementString.TryParse("(01)09506000134352(21)A(8030)1kAbc-_xyz", out _, out var error), error?.Message);
        Assert.Equal(Gs1ErrorKind.IllegalCharacter, Fail("(01)09506000134352(21)A(8030)1k+b").Kind);
    }

    [Fact]
    public void Create_validates_like_parse()
    {
        var es = ElementString.Create([new("01", "09506000134352"), new("21", "ABC")]);
        Assert.Equal("(01)09506000134352(21)ABC", es.ToString());
        var e = Assert.Throws<Gs1FormatException>(() => ElementString.Create([new("21", "ABC")]));
        Assert.Equal(Gs1ErrorKind.MissingPairing, e.Error.Kind);
    }

    [Fact]
    public void Empty_input_is_rejected()
    {
        Assert.Equal(Gs1ErrorKind.Empty, Fail("").Kind);
        Assert.Equal(Gs1ErrorKind.Empty, Fail("]d2").Kind);
    }

    private static Gs1Error Fail(string text)
    {
        Assert.False(ElementString.TryParse(text, out var result, out var error), $"'{text}' parsed as {result}");
        return error;
    }
}
