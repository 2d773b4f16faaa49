using System.Diagnostics;

namespace Traceability.Ctl.Tests;

/// <summary>tracectl as a real process: exit codes and streams as a shell script on a line PC sees them.</summary>
public sealed class ProcessTests
{
    // The referenced Exe project is copied next to the test assembly (tracectl.dll + runtimeconfig + deps).
    private static readonly string TracectlDll = Path.Combine(AppContext.BaseDirectory, "tracectl.dll");

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

    private static async Task<Tracectl.Outcome> RunAsync(params string[] args)
    {
        Assert.True(File.Exists(TracectlDll), $"{TracectlDll} is missing: the test project must reference Traceability.Ctl.");

        // The SDK's test runner says which dotnet host it runs under; fall back to PATH.
        var startInfo = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add(TracectlDll);
        foreach (var arg in args)
        {
            startInfo.ArgumentList.Add(arg);
        }

        using var process = Process.Start(startInfo)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return new Tracectl.Outcome(process.ExitCode, await stdout, await stderr);
    }
}
