using Microsoft.Extensions.Options;
using Traceability.CentralApi.Codes;
using Traceability.CentralApi.RateLimiting;
using Traceability.CentralApi.Security;
using Traceability.CentralApi.Storage;

namespace Traceability.CentralApi.Activation;

/// <summary>Device activation (public, rate-limited) and the activation-rate report (ServiceDesk, Admin).</summary>
public static class ActivationEndpoints
{
    /// <summary>Maps <c>POST /api/activations</c> and <c>GET /api/reports/activations</c>.</summary>
    public static IEndpointRouteBuilder MapActivationEndpoints(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapPost("/api/activations", ActivateAsync)
            .WithTags("Activation")
            .AllowAnonymous()
            .RequireRateLimiting(CentralRateLimits.Public);
        endpoints.MapGet("/api/reports/activations", ReportAsync)
            .WithTags("Activation")
            .RequireAuthorization(CentralPolicies.ServiceDesk);
        return endpoints;
    }

    private static async Task<IResult> ActivateAsync(
        ActivationRequest request, CodeAuthenticator codes, ActivationService activations, IOptions<ActivationOptions> options,
        TimeProvider time, ILoggerFactory logs, CancellationToken cancellationToken)
    {
        // The signature first, with no I/O: a forged code costs one verification and touches no table.
        var check = codes.Check(request.Code);
        if (!check.IsGenuine)
        {
            ActivationLog.CodeRefused(logs.CreateLogger(typeof(ActivationEndpoints)), check.Gtin, check.Serial, check.Status, check.Reason);
            return check.ToProblem();
        }

        if (!ActivationValidation.TryRead(request, time.GetUtcNow(), options.Value.FutureTolerance, out var accountId, out var ip, out var activatedAt, out var errors))
        {
            return TypedResults.ValidationProblem(errors, title: "The activation is not valid.");
        }

        var outcome = await activations.ActivateAsync(new ActivationInput(check.Gtin!, check.Serial!, accountId, ip, activatedAt), cancellationToken);
        var a = outcome.Activation;
        return TypedResults.Ok(new ActivationResponse(
            a.ActivationId, new ActivationUnit(a.Gtin, a.Serial), outcome.First, a.Region, a.Diversion, outcome.AlertId, a.DealerId,
            ActivationFlagSet.From(a.Flags), a.ActivatedAt, a.ReceivedAt));
    }

    private static async Task<IResult> ReportAsync(string? by, IActivationStore store, CancellationToken cancellationToken)
    {
        ActivationGrouping? grouping = by switch
        {
            "batch" => ActivationGrouping.Batch,
            "dealer" => ActivationGrouping.Dealer,
            "region" => ActivationGrouping.Region,
            _ => null,
        };
        if (grouping is not { } group)
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["by"] = [$"'{by}' is not a grouping: batch, dealer or region."] },
                title: "The report is not valid.");
        }

        var rows = await store.GetActivationReportAsync(group, cancellationToken);
        return TypedResults.Ok(new ActivationReport(
            by!,
            group == ActivationGrouping.Batch ? "commissioned" : "shipped",
            [.. rows.Select(r => new ActivationReportGroup(
                group == ActivationGrouping.Batch ? r.Gtin : null,
                group == ActivationGrouping.Batch ? r.Key : null,
                group == ActivationGrouping.Dealer ? r.Key : null,
                group == ActivationGrouping.Region ? r.Key : null,
                r.Units,
                r.Activated,
                Math.Round(r.Rate, 4),
                r.Diversions))]));
    }
}
