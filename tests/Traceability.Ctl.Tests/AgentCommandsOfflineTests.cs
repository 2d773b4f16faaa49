namespace Traceability.Ctl.Tests;

/// <summary>The agent verbs' checks before anything is sent, and an agent that is not there.</summary>
public sealed class AgentCommandsOfflineTests
{
    // Port 1 on loopback: nothing listens, the connection is refused at once.
    private const string Nowhere = "http://127.0.0.1:1";

    [Theory]
    [InlineData("work-orders", "list")]
    [InlineData("reprint", "09506000134352", "A1", "--operator", "eng-1", "--reason", "torn")]
    [InlineData("decommission", "09506000134352", "A1", "--kind", "destroyed", "--operator", "eng-1", "--reason", "dropped")]
    [InlineData("sample", "09506000134352", "A1", "--operator", "qa-1", "--reason", "retention")]
    [InlineData("disaggregate", "395060000000000016", "--operator", "eng-1", "--reason", "rework")]
    [InlineData("report", "WO-1", "--format", "epcis")]
    public async Task An_unreachable_agent_is_exit_5_saying_so(params string[] args)
    {
        var outcome = await Tracectl.RunAsync([.. args, "--agent", Nowhere]);
        Assert.Equal((ExitCodes.AgentUnreachable, ""), (outcome.ExitCode, outcome.Stdout));
        Assert.Contains("not reachable", outcome.Stderr, StringComparison.Ordinal);
        Assert.Contains("127.0.0.1:1", outcome.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("gtin:", "reprint", "09506000134353", "A1", "--operator", "eng-1", "--reason", "torn")]
    [InlineData("serial:", "sample", "09506000134352", "A 1", "--operator", "qa-1", "--reason", "retention")]
    [InlineData("sscc:", "disaggregate", "395060000000000012", "--operator", "eng-1", "--reason", "rework")]
    [InlineData("--agent:", "work-orders", "list", "--agent", "ftp://line-7")]
    [InlineData("--expiry:", "work-orders", "create", "--gtin", "09506000134352", "--lot", "L1", "--expiry", "2029-02-30", "--quantity", "4", "--operator", "eng-1")]
    public async Task Bad_input_is_exit_2_before_anything_is_sent(string field, params string[] args)
    {
        // The agent is "nowhere": reaching it would be exit 5, so exit 2 shows nothing was sent.
        var outcome = await Tracectl.RunAsync([.. args, .. args.Contains("--agent") ? Array.Empty<string>() : ["--agent", Nowhere]]);
        Assert.Equal(ExitCodes.InvalidInput, outcome.ExitCode);
        Assert.Contains(field, outcome.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("decommission", "09506000134352", "A1", "--kind", "lost", "--operator", "eng-1", "--reason", "x")]
    [InlineData("decommission", "09506000134352", "A1", "--operator", "eng-1", "--reason", "x")]
    [InlineData("reprint", "09506000134352", "A1", "--reason", "x")]
    [InlineData("work-orders", "close", "WO-1", "--operator", "eng-1")]
    [InlineData("report", "WO-1", "--format", "xml")]
    public async Task A_missing_or_unknown_option_is_a_usage_error(params string[] args)
    {
        var outcome = await Tracectl.RunAsync([.. args, "--agent", Nowhere]);
        Assert.Equal(ExitCodes.Usage, outcome.ExitCode);
    }
}
