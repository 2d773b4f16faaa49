using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Traceability.CentralApi.Alerts.Webhooks;
using Traceability.CentralApi.Http;
using Traceability.CentralApi.Security;
using Traceability.CentralApi.Storage;

namespace Traceability.CentralApi.Alerts;

/// <summary>The service desk's alert queue: list, read, acknowledge.</summary>
public static class AlertEndpoints
{
    /// <summary>Page size when <c>limit</c> is left out.</summary>
    public const int DefaultLimit = 50;

    /// <summary>The largest page.</summary>
    public const int MaxLimit = 500;

    /// <summary>The longest acknowledgement note, in characters.</summary>
    public const int MaxNoteLength = 2000;

    /// <summary>Maps <c>GET /api/alerts</c>, <c>GET /api/alerts/{id}</c> and <c>POST /api/alerts/{id}/ack</c> (ServiceDesk, Admin).</summary>
    public static RouteGroupBuilder MapAlertEndpoints(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var group = endpoints.MapGroup("/api/alerts").WithTags("Alerts").RequireAuthorization(CentralPolicies.ServiceDesk);
        group.MapGet("/", ListAsync);
        group.MapGet("/{id}", GetAsync);
        group.MapPost("/{id}/ack", AcknowledgeAsync);
        endpoints.MapAlertDeliveryEndpoints();
        return group;
    }

    private static async Task<Results<Ok<AlertListResponse>, ValidationProblem>> ListAsync(
        string? kind, string? status, string? limit, string? pageToken, IAlertStore store, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        AlertKind? kindFilter = null;
        if (kind is not null)
        {
            if (AlertKind.TryParse(kind, out var parsedKind))
            {
                kindFilter = parsedKind;
            }
            else
            {
                errors["kind"] = [$"'{kind}' is not an alert kind; one of {string.Join(", ", AlertKind.Known)}."];
            }
        }

        AlertStatus? statusFilter = status switch
        {
            null => null,
            "open" => AlertStatus.Open,
            "acknowledged" => AlertStatus.Acknowledged,
            _ => null,
        };
        if (status is not null && statusFilter is null)
        {
            errors["status"] = [$"'{status}' is not a status; open or acknowledged."];
        }

        var size = ListingArguments.PageSize(limit, DefaultLimit, MaxLimit, errors);

        AlertPosition? after = null;
        if (pageToken is not null && errors.Count == 0)
        {
            if (NewestFirstPageToken.TryDecode(pageToken, Listing(kindFilter, statusFilter), out var at, out var id))
            {
                after = new AlertPosition(at, id);
            }
            else
            {
                errors["pageToken"] = ["Not a page token of this listing: pass nextPageToken unchanged, with the same kind and status."];
            }
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The alert listing is not valid.");
        }

        var page = await store.ListAlertsAsync(new AlertQuery(kindFilter, statusFilter, size, after), cancellationToken);
        return TypedResults.Ok(new AlertListResponse(
            page.Alerts.Select(AlertResponse.From).ToList(),
            page.Next is { } next ? NewestFirstPageToken.Encode(next.RaisedAt, next.AlertId, Listing(kindFilter, statusFilter)) : null));
    }

    // The listing and filters a page token is bound to (the spelling tokens have carried since they were introduced).
    private static string Listing(AlertKind? kind, AlertStatus? status) => $"alerts|{kind?.Value}|{status}|";

    private static async Task<Results<Ok<AlertResponse>, ValidationProblem, ProblemHttpResult>> GetAsync(
        string id, IAlertStore store, IAlertDeliveryStore deliveries, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, CultureInfo.InvariantCulture, out var alertId))
        {
            return BadId(id);
        }

        if (await store.GetAlertAsync(alertId, cancellationToken) is not { } alert)
        {
            return NotFound(id);
        }

        var sent = await deliveries.GetAlertDeliveriesAsync(alertId, cancellationToken);
        return TypedResults.Ok(AlertResponse.From(alert) with { Deliveries = sent.Select(AlertDeliveryResponse.From).ToList() });
    }

    private static async Task<Results<Ok<AlertResponse>, ValidationProblem, ProblemHttpResult>> AcknowledgeAsync(
        string id, AcknowledgeRequest? request, ClaimsPrincipal user, IAlertStore store, TimeProvider time, ILogger<AlertService> logger,
        CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, CultureInfo.InvariantCulture, out var alertId))
        {
            return BadId(id);
        }

        var note = string.IsNullOrWhiteSpace(request?.Note) ? null : request.Note.Trim();
        if (note is { Length: > MaxNoteLength })
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["note"] = [$"The note has {note.Length} characters; at most {MaxNoteLength}."] },
                title: "The acknowledgement is not valid.");
        }

        var by = user.Identity?.Name ?? "unknown";
        var result = await store.AcknowledgeAlertAsync(alertId, by, time.GetUtcNow(), note, cancellationToken);
        switch (result.Outcome)
        {
            case AcknowledgeOutcome.NotFound:
                return NotFound(id);
            case AcknowledgeOutcome.AlreadyAcknowledged:
                var a = result.Alert!;
                return TypedResults.Problem(
                    statusCode: StatusCodes.Status409Conflict,
                    title: "The alert is acknowledged already.",
                    detail: $"id: alert {id} was acknowledged by {a.AcknowledgedBy} at {a.AcknowledgedAt:O}.");
            default:
                AlertLog.Acknowledged(logger, alertId, by);
                return TypedResults.Ok(AlertResponse.From(result.Alert!));
        }
    }

    private static ValidationProblem BadId(string id) => TypedResults.ValidationProblem(
        new Dictionary<string, string[]> { ["id"] = [$"'{id}' is not an alert id (a UUID)."] }, title: "Which alert?");

    private static ProblemHttpResult NotFound(string id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such alert.", detail: $"id: no alert '{id}'.");
}
