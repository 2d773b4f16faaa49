using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Traceability.Testing;

namespace Traceability.LineAgent.Tests.Storage.Crash;

/// <summary>
/// The crash target (tests/Traceability.LineAgent.CrashTarget) as a child process: its stdout lines are its
/// durable acknowledgements; <see cref="Kill"/> sends SIGKILL.
/// </summary>
internal sealed class CrashTargetRun : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly StringBuilder _stderr = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _stdoutClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private CrashTargetRun(Process process) => _process = process;

    /// <summary>Completes when the target has recovered and starts the line; fails if it exits first.</summary>
    public Task Ready => _ready.Task;

    public string Stderr
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    public static CrashTargetRun Start(string storePath, int seed, params string[] flags)
    {
        var startInfo = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
        };
        startInfo.ArgumentList.Add(TargetPath());
        startInfo.ArgumentList.Add(storePath);
        startInfo.ArgumentList.Add("--seed");
        startInfo.ArgumentList.Add(seed.ToString(CultureInfo.InvariantCulture));
        foreach (var flag in flags)
        {
            startInfo.ArgumentList.Add(flag);
        }

        var process = new Process { StartInfo = startInfo };
        var run = new CrashTargetRun(process);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                run._stdoutClosed.TrySetResult();
                run._ready.TrySetException(new InvalidOperationException($"The crash target ended before it was ready: {run.Stderr}"));
                return;
            }

            run._lines.Enqueue(e.Data);
            if (e.Data == "ready .")
            {
                run._ready.TrySetResult();
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            lock (run._stderr)
            {
                run._stderr.AppendLine(e.Data);
            }
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return run;
    }

    /// <summary>SIGKILL: no finally block, no flush, no dispose runs in the target.</summary>
    public void Kill()
    {
        if (_process.HasExited)
        {
            throw new InvalidOperationException($"The crash target exited by itself with code {_process.ExitCode}: {Stderr}");
        }

        _process.Kill();
        _process.WaitForExit();
    }

    /// <summary>Every line the target wrote, once its stdout is closed.</summary>
    public async Task<IReadOnlyList<string>> LinesAsync()
    {
        await _stdoutClosed.Task.WaitAsync(TimeSpan.FromSeconds(30));
        return [.. _lines];
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit();
        }

        _process.Dispose();
    }

    /// <summary>The target is built into its own bin folder, in the same configuration and framework as these tests.</summary>
    private static string TargetPath()
    {
        var framework = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = framework.Parent!;
        var path = RepositoryPaths.Combine("tests", "Traceability.LineAgent.CrashTarget", "bin", configuration.Name, framework.Name, "Traceability.LineAgent.CrashTarget.dll");
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"The crash target is not built at {path}; build tests/Traceability.LineAgent.Tests (it builds the target).", path);
    }
}
