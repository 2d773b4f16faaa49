using System.Diagnostics;
using System.Text.Json;

namespace Traceability.Testing;

/// <summary>Runs simulators/plc-opcua/server.js on a free port with its PKI and state in a temp folder; kills it on dispose.</summary>
public sealed class PlcSimulator : IDisposable
{
    private readonly TempDirectory _pki = new();
    private readonly int _rate;
    private readonly int _shiftDepth;
    private Process? _process;

    public PlcSimulator()
        : this(600)
    {
    }

    private PlcSimulator(int rate, int shiftDepth = 4)
    {
        _rate = rate;
        _shiftDepth = shiftDepth;
        Start(0);
    }

    /// <summary>A simulator driving its line at <paramref name="rate"/> units per minute.</summary>
    public static PlcSimulator WithRate(int rate) => new(rate);

    /// <summary>A simulator at <paramref name="rate"/> units per minute whose reject gate is <paramref name="shiftDepth"/> units after the trigger.</summary>
    public static PlcSimulator WithRate(int rate, int shiftDepth) => new(rate, shiftDepth);

    public int Port { get; private set; }

    public string Endpoint { get; private set; } = "";

    public static string Folder => RepositoryPaths.Combine("simulators", "plc-opcua");

    public void Start(int port)
    {
        if (!Directory.Exists(Path.Combine(Folder, "node_modules", "node-opcua")))
        {
            throw new InvalidOperationException("node-opcua is missing: run npm ci in simulators/plc-opcua (.ci/run does)");
        }

        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = Folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "server.js", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--pki", _pki.Path, "--rate", _rate.ToString(System.Globalization.CultureInfo.InvariantCulture), "--shift-depth", _shiftDepth.ToString(System.Globalization.CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        _process = process;
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        // node-opcua also logs warnings to stdout: skip to our JSON line, then keep draining so the pipe never fills.
        var line = Task.Run(async () =>
        {
            while (await process.StandardOutput.ReadLineAsync() is { } text)
            {
                if (text.StartsWith("{\"port\"", StringComparison.Ordinal))
                {
                    return text;
                }
            }

            return null;
        });
        if (!line.Wait(TimeSpan.FromSeconds(60)) || line.Result is null)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"plc-opcua did not report its port (exit: {(process.HasExited ? process.ExitCode : -1)})");
        }

        _ = process.StandardOutput.BaseStream.CopyToAsync(Stream.Null);
        using var json = JsonDocument.Parse(line.Result);
        Port = json.RootElement.GetProperty("port").GetInt32();
        Endpoint = json.RootElement.GetProperty("endpoint").GetString()!;
    }

    /// <summary>SIGKILL: no goodbye on the wire, like a PLC losing power.</summary>
    public void Kill()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }

        _process?.Dispose();
        _process = null;
    }

    public void Restart() => Start(Port);


    public void Dispose()
    {
        Kill();
        _pki.Dispose();
    }
}
