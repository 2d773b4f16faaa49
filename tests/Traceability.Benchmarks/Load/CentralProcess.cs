using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Traceability.Testing;

namespace Traceability.Benchmarks.Load;

/// <summary>
/// Central as a deployment runs it: <c>dotnet Traceability.CentralApi.dll</c> from central-api's own build output (the
/// same configuration as this benchmark: <c>bin/Release/net10.0</c>), started in that folder so its appsettings.json and
/// runtimeconfig.json (Server GC and the rest of the product's hosting defaults) apply, with the run's settings as
/// environment variables (<c>Storage__Provider</c>, <c>Kestrel__Endpoints__Http__Url</c>, …). Logging is raised to
/// Warning (central logs every activation and scan at Information) and its output kept for a failed start. Ready when
/// <c>/healthz</c> answers; stopped with SIGTERM (a graceful shutdown), killed if it has not exited 15 s later.
/// Runtime knobs (<c>DOTNET_gcServer</c>, <c>DOTNET_PerfMapEnabled</c>, …) reach central through <c>--central-env</c>
/// only; the benchmark's own <c>DOTNET_*</c> variables stay with the client. <c>TRACEABILITY_CENTRAL_API</c> points at
/// another build (a published folder's dll).
/// </summary>
internal sealed class CentralProcess : ICentralHost
{
    private const int SigTerm = 15;
    private readonly Process _process;
    private readonly Queue<string> _output;

    private CentralProcess(Process process, Queue<string> output, Uri address, string assembly)
    {
        _process = process;
        _output = output;
        Address = address;
        Description = $"central in its own process {process.Id} ({assembly}) at {address}";
    }

    public Uri Address { get; }

    public string Description { get; }

    public static async Task<CentralProcess> StartAsync(IReadOnlyDictionary<string, string?> settings, IReadOnlyList<KeyValuePair<string, string>> environment, string folder)
    {
        var assembly = Assembly();
        var port = FreePort();
        var start = new ProcessStartInfo(Muxer())
        {
            WorkingDirectory = Path.GetDirectoryName(assembly)!,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        start.ArgumentList.Add(assembly);
        // The runtime knobs of this process (DOTNET_*, COMPlus_*: the client's) are not central's: those come from
        // --central-env only. URLs set for some other app would add endpoints.
        foreach (var name in start.Environment.Keys.ToArray())
        {
            if (name.StartsWith("DOTNET_", StringComparison.Ordinal) || name.StartsWith("COMPlus_", StringComparison.Ordinal)
                || name is "ASPNETCORE_URLS" or "ASPNETCORE_HTTP_PORTS" or "ASPNETCORE_HTTPS_PORTS")
            {
                start.Environment.Remove(name);
            }
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Logging__LogLevel__Microsoft.AspNetCore"] = "Warning";

        // appsettings.json also opens a gRPC endpoint on 5081: any free port here, so runs and a dev central do not collide.
        start.Environment["Kestrel__Endpoints__Grpc__Url"] = "http://127.0.0.1:0";
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        start.Environment["Kestrel__Endpoints__Http__Url"] = string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}");
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var output = new Queue<string>();
        var process = new Process { StartInfo = start };
        void Keep(object? sender, DataReceivedEventArgs e)
        {
            if (e.Data is null)
            {
                return;
            }

            lock (output)
            {
                output.Enqueue(e.Data);
                if (output.Count > 200)
                {
                    output.Dequeue();
                }
            }
        }

        process.OutputDataReceived += Keep;
        process.ErrorDataReceived += Keep;
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var central = new CentralProcess(process, output, new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}/")), assembly);
        try
        {
            await central.WaitUntilHealthyAsync();
        }
        catch
        {
            await central.DisposeAsync();
            throw;
        }

        return central;
    }

    public TimeSpan? CpuTime()
    {
        _process.Refresh();
        return _process.TotalProcessorTime;
    }

    public string? PeakMemory()
    {
        var line = File.ReadLines($"/proc/{_process.Id}/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return line is null ? null : string.Create(CultureInfo.InvariantCulture, $"{long.Parse(line[6..^2].Trim(), CultureInfo.InvariantCulture) / 1024} MB");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _ = Kill(_process.Id, SigTerm);
            using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            try
            {
                await _process.WaitForExitAsync(stopping.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }

        _process.Dispose();
    }

    private async Task WaitUntilHealthyAsync()
    {
        using var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"Central exited with code {_process.ExitCode} before answering /healthz:{Environment.NewLine}{Output()}");
            }

            try
            {
                using var response = await client.GetAsync(new Uri("/healthz", UriKind.Relative));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            if (deadline.Elapsed > TimeSpan.FromSeconds(120))
            {
                throw new TimeoutException($"Central did not answer /healthz within 120 s:{Environment.NewLine}{Output()}");
            }

            await Task.Delay(100);
        }
    }

    private string Output()
    {
        lock (_output)
        {
            return string.Join(Environment.NewLine, _output);
        }
    }

    /// <summary>central-api's build output for this benchmark's configuration and framework (the reference builds it).</summary>
    private static string Assembly()
    {
        var configured = Environment.GetEnvironmentVariable("TRACEABILITY_CENTRAL_API");
        if (!string.IsNullOrEmpty(configured))
        {
            return File.Exists(configured) ? Path.GetFullPath(configured) : throw new FileNotFoundException($"TRACEABILITY_CENTRAL_API: no {configured}.");
        }

        // This program runs from tests/Traceability.Benchmarks/bin/<Configuration>/<framework>/: the same folders under central-api.
        var output = Path.GetRelativePath(RepositoryPaths.Combine("tests", "Traceability.Benchmarks"), AppContext.BaseDirectory);
        var assembly = Path.Combine(RepositoryPaths.Combine("central-api", "Traceability.CentralApi"), output, "Traceability.CentralApi.dll");
        return output.StartsWith("..", StringComparison.Ordinal) || !File.Exists(assembly)
            ? throw new FileNotFoundException($"No central-api build at {assembly}: run the benchmark with dotnet run -c Release (the project reference builds central-api), or set TRACEABILITY_CENTRAL_API.")
            : Path.GetFullPath(assembly);
    }

    /// <summary>The dotnet host of the runtime this benchmark runs on (…/dotnet/shared/Microsoft.NETCore.App/10.0.x/ → …/dotnet/dotnet).</summary>
    private static string Muxer()
    {
        var runtime = new DirectoryInfo(RuntimeEnvironment.GetRuntimeDirectory());
        var muxer = Path.Combine(runtime.Parent!.Parent!.Parent!.FullName, "dotnet");
        return File.Exists(muxer) ? muxer : "dotnet";
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    // DllImport rather than LibraryImport: the generated stub needs unsafe code, and an int-only signature needs no marshalling.
    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
