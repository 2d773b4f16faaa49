namespace Traceability.Ctl.Tests;

/// <summary>tracectl as a real process: exit codes and streams as a shell script on a line PC sees them.</summary>
public sealed class ProcessTests
{
    [Fact]
    public async Task The_executable_exits_with_0_on_a_good_code_and_2_on_a_bad_one()
    {
        var good = await RunAsync("codes", "parse", @"010950600013435210ABC\x1D2112345");
        Assert.Equal(0, good.ExitCode);
        Assert.Contains("\"bracketed\": \"(01)09506000134352(10)ABC(21)12345\"", good.Stdout, StringComparison.Ordinal);

        var bad = await RunAsync("codes", "parse", "(01)09506000134353");
        Assert.Equal((2, ""), (bad.ExitCode, bad.Stdout));
        Assert.Contains("AI (01) at position 18: check digit is 3, expected 2", bad.Stderr, StringComparison.Ordinal);
    }

    private static Task<Tracectl.Outcome> RunAsync(params string[] args) => Tracectl.RunProcessAsync(null, args);
}
