using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Traceability.LineAgent.Host.Hmi;
using Traceability.LineAgent.Host.Runtime;
using Traceability.LineAgent.Pipeline;
using Traceability.LineAgent.Storage;

namespace Traceability.LineAgent.Host.Api;

/// <summary>The body of <c>POST /api/work-orders/{id}/start|pause|close</c>.</summary>
/// <param name="OperatorId">Who.</param>
/// <param name="Reason">Why; required for close.</param>
public sealed record WorkOrderActionRequest(string? OperatorId, string? Reason);

/// <summary>
/// The agent's work-order API for engineers and tools (tracectl): list, show, create on the line, start, pause,
/// close. The commands are the HMI's (same checks, same audit records); engineer actions take the PIN in the
/// <c>X-Engineer-Pin</c> header.
/// </summary>
public static class WorkOrderEndpoints
{
    /// <summary>The header that carries the engineer PIN.</summary>
    public const string PinHeader = "X-Engineer-Pin";

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Maps <c>/api/work-orders</c> and its commands.</summary>
    public static IEndpointRouteBuilder MapWorkOrderApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var api = endpoints.MapGroup("/api/work-orders");
        api.MapGet("/", (LineStore store) => TypedResults.Json(store.WorkOrders().OrderBy(o => o.Id, StringComparer.Ordinal).Select(WorkOrderViews.Summary), Json));
        api.MapGet("/{id}", (string id, LineStore store, IServiceProvider services) =>
            store.FindWorkOrder(id) is { } order ? Results.Json(Detail(order, store, services), Json) : NotFound(id));
        api.MapPost("/", CreateAsync);
        api.MapPost("/{id}/start", (string id, HttpRequest request, CancellationToken ct) =>
            ActionAsync(request, id, "start", engineer: false, (s, a, c) => s.StartAsync(id, a, c), ct));
        api.MapPost("/{id}/pause", (string id, HttpRequest request, CancellationToken ct) =>
            ActionAsync(request, id, "pause", engineer: false, (s, a, c) => s.PauseAsync(id, a, c), ct));
        api.MapPost("/{id}/close", (string id, HttpRequest request, CancellationToken ct) =>
            ActionAsync(request, id, "close", engineer: true, (s, a, c) => s.CloseAsync(id, a, c), ct));
        return endpoints;
    }

    internal static IResult NotFound(string id) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown work order", detail: $"Work order '{id}' is not on this line.");

    /// <summary>Reads a JSON body; null with a problem when it is not JSON or not readable.</summary>
    internal static async Task<(T? Body, IResult? Problem)> ReadAsync<T>(HttpRequest request, bool required, CancellationToken ct)
        where T : class
    {
        try
        {
            if (request.HasJsonContentType())
            {
                return (await request.ReadFromJsonAsync<T>(Json, ct), null);
            }

            if (request.ContentLength is > 0 || required)
            {
                throw new JsonException("send a JSON body (Content-Type: application/json).");
            }

            return (null, null);
        }
        catch (JsonException e)
        {
            return (null, Results.ValidationProblem(
                new Dictionary<string, string[]> { ["body"] = [$"The request body is not readable: {e.Message}"] }, title: "Unreadable request"));
        }
    }

    private static WorkOrderDetail Detail(WorkOrderRecord order, LineStore store, IServiceProvider services)
    {
        var containers = store.ContainersOf(order.Id);
        var pipeline = services.GetService<LineRuntime>()?.Pipeline ?? services.GetService<LinePipeline>();
        return new WorkOrderDetail(
            WorkOrderViews.Summary(order),
            WorkOrderViews.Reconcile(order.Counts, store.CountFromData(order.Id)),
            containers.Count(c => c.Kind == ContainerKind.Case),
            containers.Count(c => c.Kind == ContainerKind.Pallet),
            [.. containers.Where(c => c.State == ContainerState.Open).Select(c => $"{c.Kind} {c.Sscc.Value} ({c.ChildCount})")],
            pipeline?.WorkOrderId == order.Id ? pipeline.State.ToString() : null);
    }

    private static async Task<IResult> ActionAsync(
        HttpRequest request, string id, string verb, bool engineer,
        Func<ILineHmiSource, OperatorAction, CancellationToken, Task<WorkOrderRecord>> command, CancellationToken ct)
    {
        var (body, problem) = await ReadAsync<WorkOrderActionRequest>(request, required: false, ct);
        if (problem is not null)
        {
            return problem;
        }

        var services = request.HttpContext.RequestServices;
        return await WorkOrderCommand.RunAsync(
            request.HttpContext, id, verb, engineer, new CommandCaller("operatorId", body?.OperatorId, body?.Reason, Pin(request), DefaultAllowed: false),
            command, record => Results.Json(Detail(record, services.GetRequiredService<LineStore>(), services), Json), ct);
    }

    private static async Task<IResult> CreateAsync(HttpRequest request, LineStore store, IOptions<LineApiOptions> options, TimeProvider time, CancellationToken ct)
    {
        var (body, problem) = await ReadAsync<CreateWorkOrderRequest>(request, required: true, ct);
        if (problem is not null || body is null)
        {
            return problem ?? WorkOrderCommand.Invalid("body", "The request body is empty.");
        }

        var id = string.IsNullOrWhiteSpace(body.Id) ? NewId(store, time) : body.Id.Trim();
        if (body.ToSpec(id, options.Value, out var problems) is not { } spec)
        {
            return Results.ValidationProblem(problems, title: "Invalid work order");
        }

        if (store.FindWorkOrder(id) is { } existing)
        {
            return Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "Work order exists", detail: $"Work order '{id}' is already on this line ({existing.State}).");
        }

        var services = request.HttpContext.RequestServices;
        return await WorkOrderCommand.RunAsync(
            request.HttpContext, id, "create", engineer: true,
            new CommandCaller("operatorId", body.OperatorId, string.IsNullOrWhiteSpace(body.Reason) ? "created on the line" : body.Reason, Pin(request), DefaultAllowed: false),
            (s, a, c) => s.CreateAsync(spec, a, c),
            record => Results.Json(Detail(record, store, services), Json, statusCode: StatusCodes.Status201Created), ct);
    }

    private static string? Pin(HttpRequest request) =>
        request.Headers.TryGetValue(PinHeader, out var pin) && pin.Count > 0 ? pin[0] : null;

    private static string NewId(LineStore store, TimeProvider time)
    {
        var stem = string.Create(CultureInfo.InvariantCulture, $"{store.LineId}-{time.GetUtcNow():yyyyMMddHHmmss}");
        var id = stem;
        for (var n = 2; store.FindWorkOrder(id) is not null; n++)
        {
            id = string.Create(CultureInfo.InvariantCulture, $"{stem}-{n}");
        }

        return id;
    }
}
