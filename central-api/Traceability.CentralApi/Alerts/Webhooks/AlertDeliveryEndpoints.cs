using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Traceability.CentralApi.Http;
using Traceability.CentralApi.Security;
using Traceability.CentralApi.Storage;

namespace Traceability.CentralApi.Alerts.Webhooks;

/// <summary>Operators' view of the delivery outbox: list deliveries, re-queue a failed one (Admin).</summary>
public static class AlertDeliveryEndpoints
{
    /// <summary>Maps <c>GET /api/alerts/deliveries</c> and <c>POST /api/alerts/deliveries/{id}/retry</c> (Admin).</summary>
    public static RouteGroupBuilder MapAlertDeliveryEndpoints(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var group = endpoints.MapGroup("/api/alerts/deliveries").WithTags("Alerts").RequireAuthorization(CentralPolicies.Admin);
        group.MapGet("/", ListAsync);
        group.MapPost("/{id}/retry", RetryAsync);
        return group;
    }

    private static async Task<Results<Ok<AlertDeliveryListResponse>, ValidationProblem>> ListAsync(
        string? state, string? limit, string? after, IAlertDeliveryStore store, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        DeliveryState? stateFilter = state switch
        {
            null => null,
            "pending" => DeliveryState.Pending,
            "delivered" => DeliveryState.Delivered,
            "failed" => DeliveryState.Failed,
            "abandoned" => DeliveryState.Abandoned,
            _ => null,
        };
        if (state is not null && stateFilter is null)
        {
            errors["state"] = [$"'{state}' is not a delivery state; pending, delivered, failed or abandoned."];
        }

        var size = ListingArguments.PageSize(limit, AlertEndpoints.DefaultLimit, AlertEndpoints.MaxLimit, errors);

        Guid? afterId = null;
        if (after is not null)
        {
            if (Guid.TryParse(after, CultureInfo.InvariantCulture, out var parsed))
            {
                afterId = parsed;
            }
            else
            {
                errors["after"] = [$"'{after}' is not a delivery id (pass nextAfter unchanged)."];
            }
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The delivery listing is not valid.");
        }

        var page = await store.ListDeliveriesAsync(new DeliveryQuery(stateFilter, size + 1, afterId), cancellationToken);
        var shown = page.Take(size).Select(AlertDeliveryResponse.From).ToList();
        return TypedResults.Ok(new AlertDeliveryListResponse(shown, page.Count > size ? shown[^1].Id : null));
    }

    private static async Task<Results<Accepted<AlertDeliveryResponse>, ValidationProblem, ProblemHttpResult>> RetryAsync(
        string id, IAlertDeliveryStore store, AlertDeliverySignal signal, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, CultureInfo.InvariantCulture, out var deliveryId))
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["id"] = [$"'{id}' is not a delivery id (a UUID)."] }, title: "Which delivery?");
        }

        var outcome = await store.RequeueDeliveryAsync(deliveryId, time.GetUtcNow(), cancellationToken);
        if (outcome == RequeueOutcome.NotFound)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such delivery.", detail: $"id: no delivery '{id}'.");
        }

        var delivery = (await store.GetDeliveryAsync(deliveryId, cancellationToken))!;
        if (outcome == RequeueOutcome.NotFailed)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "Only a failed delivery can be retried.",
                detail: $"id: delivery {id} is {AlertDeliveryArguments.Stored(delivery.State)}.");
        }

        signal.Notify(delivery.WebhookId);
        return TypedResults.Accepted($"/api/alerts/{delivery.AlertId}", AlertDeliveryResponse.From(delivery));
    }
}
