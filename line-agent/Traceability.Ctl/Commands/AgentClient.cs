using System.CommandLine;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Traceability.Ctl.Commands;

/// <summary>
/// tracectl's side of the line agent's HTTP API: where the agent is (<c>--agent</c>, else <c>TRACECTL_AGENT</c>, else
/// the agent's default <c>http://127.0.0.1:5090</c>), the engineer PIN (<c>--pin</c>, else <c>TRACECTL_ENGINEER_PIN</c>,
/// sent as <c>X-Engineer-Pin</c>), and the agent's problem details turned into a message and an exit code.
/// </summary>
internal sealed class AgentClient : IDisposable
{
    public const string AgentVariable = "TRACECTL_AGENT";
    public const string PinVariable = "TRACECTL_ENGINEER_PIN";
    public const string DefaultAgent = "http://127.0.0.1:5090";
    private const string PinHeader = "X-Engineer-Pin";
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly HttpClient _http;
    // The error stream belongs to the caller (the console): only its WriteLine is kept.
    private readonly Action<string> _error;

    private AgentClient(Uri agent, string? pin, TimeSpan timeout, TextWriter error)
    {
        Agent = agent;
        _error = error.WriteLine;
        _http = new HttpClient { BaseAddress = agent, Timeout = timeout };
        if (!string.IsNullOrEmpty(pin))
        {
            _http.DefaultRequestHeaders.Add(PinHeader, pin);
        }
    }

    public Uri Agent { get; }

    /// <summary>The options every agent verb takes.</summary>
    public sealed record Options(Option<string?> Agent, Option<string?> Pin, Option<int> Timeout)
    {
        public IEnumerable<Option> All => [Agent, Pin, Timeout];

        public static Options Create() => new(
            new Option<string?>("--agent") { Description = $"The line agent's URL (default: ${AgentVariable}, else {DefaultAgent})." },
            new Option<string?>("--pin") { Description = $"The engineer PIN for engineer actions (default: ${PinVariable})." },
            new Option<int>("--timeout-s") { Description = "Seconds to wait for the agent.", DefaultValueFactory = _ => 30 });
    }

    /// <summary>Connects the verb to the agent and runs it; bad options are exit 2 before anything is sent.</summary>
    public static async Task<int> RunAsync(ParseResult parseResult, Options options, Func<AgentClient, TextWriter, Task<int>> action)
    {
        var error = parseResult.InvocationConfiguration.Error;
        var url = parseResult.GetValue(options.Agent) ?? Environment.GetEnvironmentVariable(AgentVariable) ?? DefaultAgent;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var agent) || agent.Scheme is not ("http" or "https"))
        {
            error.WriteLine($"--agent: '{url}' is not an http:// or https:// URL.");
            return ExitCodes.InvalidInput;
        }

        var seconds = parseResult.GetValue(options.Timeout);
        if (seconds < 1)
        {
            error.WriteLine("--timeout-s must be at least 1.");
            return ExitCodes.InvalidInput;
        }

        var pin = parseResult.GetValue(options.Pin) ?? Environment.GetEnvironmentVariable(PinVariable);
        using var client = new AgentClient(agent, pin, TimeSpan.FromSeconds(seconds), error);
        try
        {
            return await action(client, parseResult.InvocationConfiguration.Output);
        }
        catch (HttpRequestException e) when (e.StatusCode is null)
        {
            error.WriteLine($"The line agent at {agent} is not reachable: {e.Message} (start it, or give --agent / ${AgentVariable}).");
            return ExitCodes.AgentUnreachable;
        }
        catch (TaskCanceledException e) when (e.InnerException is TimeoutException)
        {
            error.WriteLine($"The line agent at {agent} did not answer within {seconds} s.");
            return ExitCodes.AgentUnreachable;
        }
    }

    /// <summary>Sends a request; on success returns the response (the caller disposes it), else prints the problem and returns its exit code.</summary>
    public async Task<(HttpResponseMessage? Response, int ExitCode)> SendAsync(HttpMethod method, string path, JsonObject? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, new MediaTypeHeaderValue("application/json"));
        }

        var response = await _http.SendAsync(request, cancellationToken);
        if (response.IsSuccessStatusCode)
        {
            return (response, ExitCodes.Success);
        }

        await ReportProblemAsync(response, cancellationToken);
        var code = response.StatusCode == HttpStatusCode.BadRequest ? ExitCodes.InvalidInput : ExitCodes.AgentRefused;
        response.Dispose();
        return (null, code);
    }

    /// <summary>Sends a request and prints the agent's JSON answer, indented.</summary>
    public async Task<int> PrintJsonAsync(HttpMethod method, string path, JsonObject? body, TextWriter output, CancellationToken cancellationToken)
    {
        var (response, code) = await SendAsync(method, path, body, cancellationToken);
        if (response is null)
        {
            return code;
        }

        using (response)
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            output.WriteLine(JsonNode.Parse(text)?.ToJsonString(Indented) ?? text);
        }

        return ExitCodes.Success;
    }

    public void Dispose() => _http.Dispose();

    /// <summary>Path segments are escaped: a work order id or serial may hold characters a URL reserves.</summary>
    public static string Segment(string value) => Uri.EscapeDataString(value);

    private async Task ReportProblemAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        JsonObject? problem = null;
        try
        {
            problem = JsonNode.Parse(text) as JsonObject;
        }
        catch (JsonException)
        {
            // not JSON: printed as it came
        }

        if (problem is null)
        {
            _error($"The line agent answered {status} {response.ReasonPhrase}{(text.Length > 0 ? ": " + text : "")}");
            return;
        }

        var title = Text(problem, "title") ?? response.ReasonPhrase ?? "Error";
        _error($"The line agent refused ({status}): {title}");
        if (Text(problem, "detail") is { } detail)
        {
            _error($"  {detail}");
        }

        if (problem["errors"] is JsonObject errors)
        {
            foreach (var (field, messages) in errors)
            {
                foreach (var message in messages as JsonArray ?? [])
                {
                    _error($"  {field}: {message?.GetValue<string>()}");
                }
            }
        }

        if (problem["units"] is JsonArray { Count: > 0 } units)
        {
            _error($"  units without a verdict ({units.Count}):");
            foreach (var unit in units.OfType<JsonObject>())
            {
                _error($"    {Text(unit, "unit")} {Text(unit, "state")} (PLC #{unit["plcSequence"]})");
            }
        }

        if (problem["openContainers"] is JsonArray { Count: > 0 } containers)
        {
            _error($"  open containers ({containers.Count}):");
            foreach (var container in containers.OfType<JsonObject>())
            {
                _error($"    {Text(container, "kind")} {Text(container, "sscc")} ({container["children"]} inside)");
            }
        }

        if (status == (int)HttpStatusCode.Forbidden)
        {
            _error($"  Engineer actions need the PIN: --pin or ${PinVariable}.");
        }
    }

    private static string? Text(JsonObject o, string name) => o[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
