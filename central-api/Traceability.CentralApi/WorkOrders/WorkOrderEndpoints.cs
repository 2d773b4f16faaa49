using Traceability.CentralApi.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Traceability.CentralApi.Storage;

namespace Traceability.CentralApi.WorkOrders;

/// <summary>REST for planners: plan, read, release and close work orders. Lines receive released ones over gRPC (GetWorkOrders).</summary>
public static class WorkOrderEndpoints
{
    /// <summary>Maps <c>/api/work-orders</c> (Admin: planners); the whole group is here, so policies apply to it in one place.</summary>
    public static RouteGroupBuilder MapWorkOrderEndpoints(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var group = endpoints.MapGroup("/api/work-orders").WithTags("Work orders").RequireAuthorization(CentralPolicies.Admin);
        group.MapPost("/", CreateAsync);
        group.MapGet("/", ListAsync);
        group.MapGet("/{id}", GetAsync);
        group.MapPost("/{id}/release", (string id, ICentralStore store, CancellationToken ct) => MoveAsync(id, WorkOrderState.Released, store, ct));
        group.MapPost("/{id}/close", (string id, ICentralStore store, CancellationToken ct) => MoveAsync(id, WorkOrderState.Closed, store, ct));
        return group;
    }

    private static async Task<Results<Created<WorkOrderResponse>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        WorkOrderRequest request, ICentralStore store, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!WorkOrderValidation.TryValidate(request, time.GetUtcNow(), out var order, out var errors))
        {
            return TypedResults.ValidationProblem(errors, title: "The work order is not valid.");
        }

        if (!await store.CreateWorkOrderAsync(order, cancellationToken))
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "The work order exists.",
                detail: $"workOrderId: a work order '{order.WorkOrderId}' exists already; choose another id or leave it out.");
        }

        var stored = await store.GetWorkOrderAsync(order.WorkOrderId, cancellationToken) ?? order;
        return TypedResults.Created($"/api/work-orders/{Uri.EscapeDataString(stored.WorkOrderId)}", WorkOrderResponse.From(stored));
    }

    private static async Task<Results<Ok<WorkOrderResponse[]>, ValidationProblem>> ListAsync(
        string? lineId, ICentralStore store, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(lineId))
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["lineId"] = ["Required: GET /api/work-orders?lineId=<line>."] },
                title: "Which line?");
        }

        var orders = await store.ListWorkOrdersAsync(lineId, cancellationToken: cancellationToken);
        return TypedResults.Ok(orders.Select(WorkOrderResponse.From).ToArray());
    }

    private static async Task<Results<Ok<WorkOrderResponse>, ProblemHttpResult>> GetAsync(
        string id, ICentralStore store, CancellationToken cancellationToken) =>
        await store.GetWorkOrderAsync(id, cancellationToken) is { } order
            ? TypedResults.Ok(WorkOrderResponse.From(order))
            : NotFound(id);

    private static async Task<Results<Ok<WorkOrderResponse>, ProblemHttpResult>> MoveAsync(
        string id, WorkOrderState target, ICentralStore store, CancellationToken cancellationToken)
    {
        var order = await store.SetWorkOrderStateAsync(id, target, cancellationToken);
        if (order is null)
        {
            return NotFound(id);
        }

        return order.State == target
            ? TypedResults.Ok(WorkOrderResponse.From(order))
            : TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "The work order cannot move there.",
                detail: $"state: work order '{id}' is {order.State}; it cannot become {target}.");
    }

    private static ProblemHttpResult NotFound(string id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such work order.", detail: $"id: no work order '{id}'.");
}
