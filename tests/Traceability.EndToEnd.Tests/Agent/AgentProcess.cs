using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Traceability.Testing;

namespace Traceability.EndToEnd.Tests.Agent;

/// <summary>
/// The real line agent (Traceability.LineAgent.Host, as built) as a child process with its settings on the command
/// line; <see cref="Kill"/> is a SIGKILL (no drain, no clean close of the store).
/// </summary>
internal sealed class AgentProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private AgentProcess(Process process, string hmiUrl)
    {
        _process = process;
        HmiUrl = hmiUrl;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string HmiUrl { get; }

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

    /// <summary>Starts the agent with <paramref name="settings"/> (configuration keys) on a free HMI port.</summary>
    public static AgentProcess Start(IReadOnlyDictionary<string, string> settings)
    {
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var (framework, configuration) = (testOutput.Name, testOutput.Parent!.Name);
        var host = RepositoryPaths.Combine("line-agent", "Traceability.LineAgent.Host", "bin", configuration, framework, "Traceability.LineAgent.Host.dll");
        Assert.True(File.Exists(host), $"the line agent host is not built at {host}");

        var hmi = string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{FreePort()}");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(host)!,
        };
        start.ArgumentList.Add(host);
        foreach (var (key, value) in settings.Append(new("Kestrel:Endpoints:Http:Url", hmi)))
        {
            start.ArgumentList.Add($"--{key}={value}");
        }

        return new AgentProcess(Process.Start(start)!, hmi);
    }

    /// <summary>The HMI's snapshot, or null while the agent does not answer.</summary>
    public async Task<JsonElement?> StateAsync(HttpClient http)
    {
        try
        {
            using var response = await http.GetAsync(new Uri(HmiUrl + "/hmi/state"));
            if (!response.IsSuccessStatusCode)
            {
                return null;
            }

            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            return json.RootElement.Clone();
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            Kill();
        }

        _process.Dispose();
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

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
