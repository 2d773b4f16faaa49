using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace Traceability.Testing;

/// <summary>Runs a command-line tool to completion with a timeout and captures its output.</summary>
internal static class ToolProcess
{
    internal sealed record Result(int ExitCode, string Stdout, string Stderr);

    /// <param name="tool">The executable, looked up on PATH.</param>
    /// <param name="arguments">Passed one by one through <see cref="ProcessStartInfo.ArgumentList"/>: no shell quoting.</param>
    /// <param name="stdin">Written to standard input, which is then closed; null closes it at once.</param>
    /// <param name="installHint">Where the tool comes from, for the "not installed" message.</param>
    public static Result Run(string tool, IEnumerable<string> arguments, string? stdin, TimeSpan timeout, string installHint, string? workingDirectory = null)
    {
        var startInfo = new ProcessStartInfo(tool)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            UseShellExecute = false,
        };
        if (workingDirectory is not null)
        {
            startInfo.WorkingDirectory = workingDirectory;
        }

        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        var commandLine = Describe(tool, startInfo.ArgumentList);
        using var process = new Process { StartInfo = startInfo };
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            throw new ExternalToolException($"{tool} is not installed or not on PATH ({installHint}); tried: {commandLine}", e);
        }

        // Read both streams while the tool runs: a full pipe would block it forever.
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            if (stdin is not null)
            {
                process.StandardInput.Write(stdin);
            }

            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The tool exited without reading its input; its exit code and stderr say why.
        }

        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            throw new ExternalToolException($"{commandLine} did not finish within {timeout.TotalSeconds:0.#} s; stderr: {stderr.Result.Trim()}");
        }

        // WaitForExit() without a timeout also waits for the redirected streams to reach end of file.
        process.WaitForExit();
        return new Result(process.ExitCode, stdout.Result, stderr.Result);
    }

    public static ExternalToolException Failure(string tool, IEnumerable<string> arguments, Result result) =>
        new($"{Describe(tool, arguments)} exited with code {result.ExitCode}; stderr: {result.Stderr.Trim()}");

    private static string Describe(string tool, IEnumerable<string> arguments) =>
        string.Join(' ', arguments.Prepend(tool).Select(a => a.Contains(' ', StringComparison.Ordinal) || a.Length == 0 ? $"\"{a}\"" : a));
}
