using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Traceability.LineAgent.Host.Api;
using Traceability.LineAgent.Storage;

namespace Traceability.LineAgent.Host.Hmi;

/// <summary>The HMI's page, snapshot, live event stream and work-order commands.</summary>
public static class HmiEndpoints
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// Maps <c>GET /</c> (the page), <c>GET /hmi/{asset}</c>, <c>GET /hmi/state</c>, <c>GET /hmi/events</c> (Server-Sent
    /// Events) and <c>POST /hmi/work-orders/{id}/start|pause|close</c>.
    /// </summary>
    public static IEndpointRouteBuilder MapHmi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGet("/", () => Asset("index.html"));
        endpoints.MapGet("/hmi/assets/{name}", (string name) => Asset(name));
        endpoints.MapGet("/hmi/state", (ILineHmiSource source) => TypedResults.Json(source.Snapshot(), Json));
        endpoints.MapGet("/hmi/events", (ILineHmiSource source, IOptions<HmiOptions> options, TimeProvider time, ILoggerFactory logs, CancellationToken ct) =>
            TypedResults.ServerSentEvents(
                Snapshots(source, options.Value.RefreshInterval, options.Value.MinRefreshInterval, time, logs.CreateLogger(typeof(HmiEndpoints)), ct), "snapshot"));
        endpoints.MapPost("/hmi/work-orders/{id}/start", (string id, HttpRequest request, CancellationToken ct) =>
            CommandAsync(request, id, "start", engineer: false, (s, a, c) => s.StartAsync(id, a, c), ct));
        endpoints.MapPost("/hmi/work-orders/{id}/pause", (string id, HttpRequest request, CancellationToken ct) =>
            CommandAsync(request, id, "pause", engineer: false, (s, a, c) => s.PauseAsync(id, a, c), ct));
        endpoints.MapPost("/hmi/work-orders/{id}/close", (string id, HttpRequest request, CancellationToken ct) =>
            CommandAsync(request, id, "close", engineer: true, (s, a, c) => s.CloseAsync(id, a, c), ct));
        return endpoints;
    }

    private static IResult Asset(string name) => HmiAssets.TryGet(name, out var contentType, out var bytes)
        ? Results.Bytes(bytes, contentType)
        : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such HMI file", detail: $"The HMI has no file '{name}'.");

    /// <summary>
    /// The live page's snapshots: one now, then one at each change or after <paramref name="interval"/> without one, but
    /// never two within <paramref name="minInterval"/>: changes in between are coalesced into the next.
    /// </summary>
    internal static async IAsyncEnumerable<string> Snapshots(
        ILineHmiSource source, TimeSpan interval, TimeSpan minInterval, TimeProvider time, ILogger logger, [EnumeratorCancellation] CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            var taken = time.GetTimestamp();
            yield return JsonSerializer.Serialize(source.Snapshot(), Json);
            if (!await NextAsync(source, interval, time, logger, ct) || !await PaceAsync(minInterval - time.GetElapsedTime(taken), time, ct))
            {
                yield break;
            }
        }
    }

    /// <summary>Waits out the rest of the minimum interval; false once the page has gone.</summary>
    private static async Task<bool> PaceAsync(TimeSpan rest, TimeProvider time, CancellationToken ct)
    {
        if (rest <= TimeSpan.Zero)
        {
            return true;
        }

        try
        {
            await Task.Delay(rest, time, ct).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>Waits for a change or the refresh interval; false once the page has gone.</summary>
    private static async Task<bool> NextAsync(ILineHmiSource source, TimeSpan interval, TimeProvider time, ILogger logger, CancellationToken ct)
    {
        try
        {
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct);
            await Task.WhenAny(source.WaitForChangeAsync(wait.Token), Task.Delay(interval, time, wait.Token)).ConfigureAwait(false);
            await wait.CancelAsync().ConfigureAwait(false);
            return !ct.IsCancellationRequested;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return false;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            HmiLog.EventStreamFailed(logger, e);
            return false;
        }
    }

    private static async Task<IResult> CommandAsync(
        HttpRequest request, string workOrderId, string verb, bool engineer,
        Func<ILineHmiSource, OperatorAction, CancellationToken, Task<WorkOrderRecord>> command, CancellationToken ct)
    {
        HmiActionRequest? body = null;
        try
        {
            if (request.HasJsonContentType())
            {
                body = await request.ReadFromJsonAsync<HmiActionRequest>(Json, ct);
            }
            else if (request.ContentLength is > 0)
            {
                throw new JsonException("send it as JSON (Content-Type: application/json).");
            }
        }
        catch (JsonException e)
        {
            return Results.ValidationProblem(
                new Dictionary<string, string[]> { ["body"] = [$"The request body is not a valid command: {e.Message}"] },
                title: "Unreadable command");
        }

        return await WorkOrderCommand.RunAsync(
            request.HttpContext, workOrderId, verb, engineer, new CommandCaller("operator", body?.Operator, body?.Reason, body?.Pin, DefaultAllowed: true),
            command, record => TypedResults.Json(new { id = record.Id, state = record.State.ToString() }, Json), ct);
    }
}
