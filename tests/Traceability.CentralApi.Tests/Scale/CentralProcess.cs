using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Grpc.Net.Client;
using Traceability.Contracts.Line.V1;
using Traceability.Testing;

namespace Traceability.CentralApi.Tests.Scale;

/// <summary>
/// A real central-api process (<c>dotnet Traceability.CentralApi.dll</c> from central-api's own build output) on free
/// loopback ports, configured by environment variables only, as an operator would run it.
/// </summary>
internal sealed class CentralProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, GrpcChannel> _channels = new(StringComparer.Ordinal);
    private readonly HttpClient _http;

    private CentralProcess(Process process, int httpPort, int grpcPort)
    {
        _process = process;
        HttpPort = httpPort;
        GrpcPort = grpcPort;
        _http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}") };
    }

    /// <summary>Lines <c>line-0</c> … <c>line-(KeyedLines - 1)</c> get an API key in every process.</summary>
    public const int KeyedLines = 16;

    public int HttpPort { get; }

    public int GrpcPort { get; }

    /// <summary>A LineSync client of this process sending the API key of <paramref name="lineId"/>.</summary>
    public LineSync.LineSyncClient Client(string lineId) => new(_channels.GetOrAdd(lineId, line =>
    {
        var http = new HttpClient { DefaultRequestVersion = HttpVersion.Version20, DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact };
        http.DefaultRequestHeaders.Add("X-Api-Key", LineKey(line));
        return GrpcChannel.ForAddress($"http://127.0.0.1:{GrpcPort}", new GrpcChannelOptions { HttpClient = http, DisposeHttpClient = true });
    }));

    public static string LineKey(string lineId) => $"line-key-{lineId}-0123456789";

    /// <summary>What the process wrote so far (stdout and stderr), for failure messages.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>central-api's build output, in the configuration and framework these tests were built for.</summary>
    public static string Assembly
    {
        get
        {
            var testOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var (framework, configuration) = (testOutput.Name, testOutput.Parent!.Name);
            var path = RepositoryPaths.Combine("central-api", "Traceability.CentralApi", "bin", configuration, framework, "Traceability.CentralApi.dll");
            return File.Exists(path) ? path : throw new FileNotFoundException($"central-api is not built at {path}; build the test project, which builds it.", path);
        }
    }

    /// <summary>Starts the process with <paramref name="settings"/> as environment variables (Section__Key=value) and new free ports.</summary>
    public static CentralProcess Start(IReadOnlyDictionary<string, string> settings)
    {
        var (httpPort, grpcPort) = (FreePort(), FreePort());
        var startInfo = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(Assembly)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add(Assembly);
        startInfo.Environment["Kestrel__Endpoints__Http__Url"] = $"http://127.0.0.1:{httpPort}";
        startInfo.Environment["Kestrel__Endpoints__Grpc__Url"] = $"http://127.0.0.1:{grpcPort}";
        startInfo.Environment["DOTNET_NOLOGO"] = "1";
        for (var i = 0; i < KeyedLines; i++)
        {
            var line = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"line-{i}");
            startInfo.Environment[$"Auth__ApiKeys__{i}__Key"] = LineKey(line);
            startInfo.Environment[$"Auth__ApiKeys__{i}__Role"] = "Line";
            startInfo.Environment[$"Auth__ApiKeys__{i}__Id"] = line;
        }

        foreach (var (key, value) in settings)
        {
            startInfo.Environment[key] = value;
        }

        var process = new Process { StartInfo = startInfo };
        var central = new CentralProcess(process, httpPort, grpcPort);
        process.OutputDataReceived += (_, e) => central.Append(e.Data);
        process.ErrorDataReceived += (_, e) => central.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return central;
    }

    /// <summary>Waits until <c>/healthz</c> answers 200; fails with the process's output if it exits or never does.</summary>
    public async Task WaitUntilServingAsync(TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        while (true)
        {
            Assert.False(_process.HasExited, $"central-api exited with code {(_process.HasExited ? _process.ExitCode : 0)}:\n{Output}");
            try
            {
                using var response = await _http.GetAsync(new Uri("/healthz", UriKind.Relative));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            Assert.True(DateTime.UtcNow < deadline, $"central-api did not serve /healthz within {limit.TotalSeconds} s:\n{Output}");
            await Task.Delay(100);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var channel in _channels.Values)
        {
            channel.Dispose();
        }

        _http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
