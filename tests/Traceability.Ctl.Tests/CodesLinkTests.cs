namespace Traceability.Ctl.Tests;

public sealed class CodesLinkTests
{
    [Fact]
    public async Task A_bracketed_code_and_a_domain_give_the_digital_link_uri()
    {
        var outcome = await Tracectl.RunAsync("codes", "link", "(01)09506000134352(21)12345(17)251231", "--domain", "id.example.com");

        Assert.Equal(new Tracectl.Outcome(0, "https://id.example.com/01/09506000134352/21/12345?17=251231" + Environment.NewLine, ""), outcome);
    }

    [Fact]
    public async Task A_full_prefix_is_accepted_instead_of_a_domain()
    {
        var outcome = await Tracectl.RunAsync("codes", "link", @"010950600013435210ABC\x1D2112345", "-d", "https://brand.example/dl");

        Assert.Equal(new Tracectl.Outcome(0, "https://brand.example/dl/01/09506000134352/10/ABC/21/12345" + Environment.NewLine, ""), outcome);
    }

    [Fact]
    public async Task A_bad_code_exits_with_2_and_says_why_on_stderr_only()
    {
        var outcome = await Tracectl.RunAsync("codes", "link", "(01)09506000134353", "--domain", "id.example.com");

        Assert.Equal(new Tracectl.Outcome(ExitCodes.InvalidInput, "", "Not a valid GS1 code: AI (01) at position 18: check digit is 3, expected 2" + Environment.NewLine), outcome);
    }

    [Fact]
    public async Task A_bad_domain_exits_with_2_and_says_why_on_stderr_only()
    {
        var outcome = await Tracectl.RunAsync("codes", "link", "(01)09506000134352", "--domain", "ftp://files.example.com");

        Assert.Equal(ExitCodes.InvalidInput, outcome.ExitCode);
        Assert.Equal("", outcome.Stdout);
        Assert.StartsWith("Cannot make a Digital Link URI: ", outcome.Stderr, StringComparison.Ordinal);
        Assert.Contains("ftp://files.example.com", outcome.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Data_without_a_primary_key_exits_with_2()
    {
        var outcome = await Tracectl.RunAsync("codes", "link", "(90)INTERNAL", "--domain", "id.example.com");

        Assert.Equal(ExitCodes.InvalidInput, outcome.ExitCode);
        Assert.Equal("", outcome.Stdout);
        Assert.Contains("no AI that can be a Digital Link primary key", outcome.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_domain_is_required()
    {
        var outcome = await Tracectl.RunAsync("codes", "link", "(01)09506000134352");

        Assert.Equal(ExitCodes.Usage, outcome.ExitCode);
        Assert.Contains("Option '--domain' is required.", outcome.Stderr, StringComparison.Ordinal);
    }
}
