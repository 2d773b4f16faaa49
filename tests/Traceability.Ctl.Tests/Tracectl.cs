namespace Traceability.Ctl.Tests;

/// <summary>Runs tracectl in-process, capturing what it writes.</summary>
internal static class Tracectl
{
    public sealed record Outcome(int ExitCode, string Stdout, string Stderr);

    public static async Task<Outcome> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exitCode = await TracectlApp.RunAsync(args, stdout, stderr, CancellationToken.None);
        return new Outcome(exitCode, stdout.ToString(), stderr.ToString());
    }
}
