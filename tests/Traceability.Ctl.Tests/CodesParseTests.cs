using System.Text.Json;

namespace Traceability.Ctl.Tests;

public sealed class CodesParseTests
{
    private const string Gs = "\x1D";

    [Fact]
    public async Task A_bracketed_code_is_printed_as_json_with_ais_titles_bracketed_and_raw_forms()
    {
        var outcome = await Tracectl.RunAsync("codes", "parse", "(01)09506000134352(17)251231(10)AB&C+1(21)12345");

        Assert.Equal((0, ""), (outcome.ExitCode, outcome.Stderr));
        using var json = JsonDocument.Parse(outcome.Stdout);
        var elements = json.RootElement.GetProperty("elements").EnumerateArray()
            .Select(e => (e.GetProperty("ai").GetString(), e.GetProperty("title").GetString(), e.GetProperty("value").GetString()))
            .ToList();
        Assert.Equal(
            [("01", "GTIN", "09506000134352"), ("17", "USE BY or EXPIRY", "251231"), ("10", "BATCH/LOT", "AB&C+1"), ("21", "SERIAL", "12345")],
            elements);
        Assert.Equal("(01)09506000134352(17)251231(10)AB&C+1(21)12345", json.RootElement.GetProperty("bracketed").GetString());
        Assert.Equal("01095060001343521725123110AB&C+1" + Gs + "2112345", json.RootElement.GetProperty("raw").GetString());
    }

    [Fact]
    public async Task The_json_is_indented_and_escapes_gs_but_not_ampersands()
    {
        var outcome = await Tracectl.RunAsync("codes", "parse", "(01)09506000134352(10)A&B(21)1");

        Assert.Contains("\n  \"elements\": [", outcome.Stdout, StringComparison.Ordinal);
        Assert.Contains("\"raw\": \"010950600013435210A&B\\u001D211\"", outcome.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0109506000134352" + "10ABC" + Gs + "2112345")]
    [InlineData(@"010950600013435210ABC\x1D2112345")]
    [InlineData(@"010950600013435210ABC\x1d2112345")]
    [InlineData("010950600013435210ABC<GS>2112345")]
    [InlineData("010950600013435210ABC<gs>2112345")]
    [InlineData("]d2010950600013435210ABC<GS>2112345")]
    public async Task Gs_may_be_the_real_character_or_written_as_backslash_x1D_or_angle_bracket_GS(string scanned)
    {
        var outcome = await Tracectl.RunAsync("codes", "parse", scanned);

        Assert.Equal(0, outcome.ExitCode);
        using var json = JsonDocument.Parse(outcome.Stdout);
        Assert.Equal("(01)09506000134352(10)ABC(21)12345", json.RootElement.GetProperty("bracketed").GetString());
    }

    [Fact]
    public async Task A_digital_link_uri_is_read_too()
    {
        var outcome = await Tracectl.RunAsync("codes", "parse", "https://id.example.com/01/09506000134352/21/12345?17=251231");

        Assert.Equal(0, outcome.ExitCode);
        using var json = JsonDocument.Parse(outcome.Stdout);
        Assert.Equal("(01)09506000134352(21)12345(17)251231", json.RootElement.GetProperty("bracketed").GetString());
    }

    [Fact]
    public async Task A_wrong_check_digit_exits_with_2_says_what_and_where_on_stderr_and_prints_nothing_on_stdout()
    {
        var outcome = await Tracectl.RunAsync("codes", "parse", "(01)09506000134353(21)12345");

        Assert.Equal(ExitCodes.InvalidInput, outcome.ExitCode);
        Assert.Equal("", outcome.Stdout);
        Assert.Equal("Not a valid GS1 code: AI (01) at position 18: check digit is 3, expected 2" + Environment.NewLine, outcome.Stderr);
    }

    [Theory]
    [InlineData("")]
    [InlineData("(99")]
    [InlineData("https://id.example.com/21/12345")]
    public async Task Other_bad_codes_exit_with_2_and_an_error_on_stderr_only(string scanned)
    {
        var outcome = await Tracectl.RunAsync("codes", "parse", scanned);

        Assert.Equal(ExitCodes.InvalidInput, outcome.ExitCode);
        Assert.Equal("", outcome.Stdout);
        Assert.StartsWith("Not a valid GS1 code: ", outcome.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_code_is_a_usage_error_with_system_commandlines_own_exit_code()
    {
        var outcome = await Tracectl.RunAsync("codes", "parse");

        Assert.Equal(ExitCodes.Usage, outcome.ExitCode);
        Assert.Contains("Required argument 'code' missing for command: 'parse'", outcome.Stderr, StringComparison.Ordinal);
    }
}
