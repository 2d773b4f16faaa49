using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Traceability.Plant;

/// <summary>The node-opcua PLC simulator (simulators/plc-opcua) as a child process; installs its packages once when node is there.</summary>
internal sealed class PlcProcess : IDisposable
{
    private readonly Process _process;

    private PlcProcess(Process process, string endpoint)
    {
        _process = process;
        Endpoint = endpoint;
    }

    public string Endpoint { get; }

    public static async Task<PlcProcess> StartAsync(string folder, string stateFolder, int rate, int shiftDepth, int caseSize, TextWriter output, CancellationToken cancellationToken)
    {
        if (!await SucceedsAsync("node", ["--version"], folder, cancellationToken).ConfigureAwait(false))
        {
            throw new PlantException("The PLC simulator needs Node.js 20 (node and npm on PATH): e.g. apt-get install nodejs npm, then run again.");
        }

        if (!Directory.Exists(Path.Combine(folder, "node_modules", "node-opcua")))
        {
            await output.WriteLineAsync($"Installing the PLC simulator's packages (npm ci in {folder}, once)...").ConfigureAwait(false);
            if (!await SucceedsAsync("npm", ["ci", "--no-audit", "--no-fund"], folder, cancellationToken).ConfigureAwait(false))
            {
                throw new PlantException($"npm ci failed in {folder}: run it there by hand to see why (node-opcua 2.182.2 is needed).");
            }
        }

        var start = new ProcessStartInfo("node") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "server.js", "--port", "0", "--pki", stateFolder, "--rate", Text(rate), "--shift-depth", Text(shiftDepth), "--case-size", Text(caseSize) })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new PlantException("node did not start");
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(60));
            // node-opcua may log to stdout too: our line is the first that starts with {"port".
            while (await process.StandardOutput.ReadLineAsync(timeout.Token).ConfigureAwait(false) is { } line)
            {
                if (line.StartsWith("{\"port\"", StringComparison.Ordinal))
                {
                    _ = process.StandardOutput.BaseStream.CopyToAsync(Stream.Null, CancellationToken.None);
                    using var json = JsonDocument.Parse(line);
                    return new PlcProcess(process, json.RootElement.GetProperty("endpoint").GetString()!);
                }
            }

            throw new PlantException($"The PLC simulator exited before reporting its port (exit code {(process.HasExited ? process.ExitCode : -1)}).");
        }
        catch
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }

        _process.Dispose();
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static async Task<bool> SucceedsAsync(string file, string[] arguments, string folder, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            using var process = Process.Start(start);
            if (process is null)
            {
                return false;
            }

            var drainOut = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var drainErr = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            await Task.WhenAll(drainOut, drainErr).ConfigureAwait(false);
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false; // not installed
        }
    }
}

/// <summary>A plant run that cannot go on; the message says what to do.</summary>
internal sealed class PlantException(string message) : Exception(message);
