using System.Diagnostics;

namespace Traceability.Ctl.Tests;

/// <summary>Runs tracectl in-process, capturing what it writes, or as a real process.</summary>
internal static class Tracectl
{
    // The referenced Exe project is copied next to the test assembly (tracectl.dll + runtimeconfig + deps).
    private static readonly string TracectlDll = Path.Combine(AppContext.BaseDirectory, "tracectl.dll");

    public sealed record Outcome(int ExitCode, string Stdout, string Stderr);

    public static async Task<Outcome> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exitCode = await TracectlApp.RunAsync(args, stdout, stderr, CancellationToken.None);
        return new Outcome(exitCode, stdout.ToString(), stderr.ToString());
    }

    /// <summary>tracectl as a shell script on a line PC runs it: its own process, environment, exit code and streams.</summary>
    public static async Task<Outcome> RunProcessAsync(IReadOnlyDictionary<string, string?>? environment, params string[] args)
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

        // Whatever the machine has set must not leak into a test.
        startInfo.Environment.Remove("TRACECTL_AGENT");
        startInfo.Environment.Remove("TRACECTL_ENGINEER_PIN");
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            startInfo.Environment[name] = value;
        }

        using var process = Process.Start(startInfo)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
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

        return new Outcome(process.ExitCode, await stdout, await stderr);
    }
}
