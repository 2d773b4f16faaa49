using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Traceability.CentralApi.Security;
using Traceability.CentralApi.Storage;
using Traceability.Core.Regions;

namespace Traceability.CentralApi.Channel;

/// <summary>The sales channel over REST: dealers, shipments, receipts and sales (docs/channel.md).</summary>
public static class ChannelEndpoints
{
    /// <summary>How far ahead of central's clock a store's sale time may be (clock skew), no more.</summary>
    private static readonly TimeSpan SaleClockSkew = TimeSpan.FromMinutes(5);

    /// <summary>Maps <c>POST /api/dealers</c>, <c>GET /api/dealers/{id}</c>, <c>POST /api/shipments</c>, <c>POST /api/receipts</c>, <c>POST /api/sales</c>.</summary>
    public static RouteGroupBuilder MapChannelEndpoints(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var group = endpoints.MapGroup("/api").WithTags("Channel");
        group.MapPost("/dealers", PostDealerAsync).RequireAuthorization(CentralPolicies.Admin);
        group.MapGet("/dealers/{id}", GetDealerAsync).RequireAuthorization(CentralPolicies.UnitReader);
        group.MapPost("/shipments", PostShipmentAsync).RequireAuthorization(CentralPolicies.Shipper);
        group.MapPost("/receipts", PostReceiptAsync).RequireAuthorization(CentralPolicies.Dealer);
        group.MapPost("/sales", PostSaleAsync).RequireAuthorization(CentralPolicies.Dealer);
        return group;
    }

    private static async Task<Results<Created<DealerResponse>, ValidationProblem, ProblemHttpResult>> PostDealerAsync(
        DealerRequest request, IChannelStore store, RegionTree regions, TimeProvider time, ILoggerFactory logs, CancellationToken cancellationToken)
    {
        if (!DealerValidation.TryRead(request, regions, out var level, out var codes, out var errors))
        {
            return TypedResults.ValidationProblem(errors);
        }

        if (request.ParentId is { } parentId)
        {
            if (await store.GetDealerAsync(parentId, cancellationToken) is not { } parent)
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["parentId"] = [$"No dealer '{parentId}'."] });
            }

            errors = DealerValidation.CheckAgainstParent(parent, level, codes, regions);
            if (errors.Count > 0)
            {
                return TypedResults.ValidationProblem(errors);
            }
        }

        var dealer = new DealerRecord(
            request.Id!, request.Name!.Trim(), request.ParentId, level, [.. codes.Select(c => c.ToString()).Distinct(StringComparer.Ordinal)], time.GetUtcNow());
        if (!await store.CreateDealerAsync(dealer, cancellationToken))
        {
            return Problem(StatusCodes.Status409Conflict, "Dealer exists", $"A dealer '{dealer.Id}' exists already; dealers are not changed by POST.");
        }

        var logger = logs.CreateLogger(typeof(ChannelEndpoints));
        ChannelLog.DealerCreated(logger, dealer.Id, (int)dealer.Level, dealer.ParentId ?? "(brand)");
        return TypedResults.Created($"/api/dealers/{Uri.EscapeDataString(dealer.Id)}", Response(dealer));
    }

    private static async Task<Results<Ok<DealerResponse>, ProblemHttpResult>> GetDealerAsync(
        string id, ClaimsPrincipal user, IChannelStore store, CancellationToken cancellationToken)
    {
        var dealer = await store.GetDealerAsync(id, cancellationToken);

        // A dealer key sees itself and the dealers below it; anything else is as if it did not exist.
        if (dealer is null || (ChannelCaller.DealerId(user) is { } caller && !await ChannelCaller.IsWithinAsync(store, dealer, caller, cancellationToken)))
        {
            return Problem(StatusCodes.Status404NotFound, "Not found", $"No dealer '{id}'.");
        }

        return TypedResults.Ok(Response(dealer));
    }

    private static async Task<Results<Ok<ChannelStepResponse>, ValidationProblem, ProblemHttpResult>> PostShipmentAsync(
        ShipmentRequest request, ClaimsPrincipal user, IChannelStore store, ChannelEvents events, TimeProvider time, ILoggerFactory logs,
        CancellationToken cancellationToken)
    {
        _ = ChannelCodes.TryParse(request.Codes, out var codes, out var errors);
        if (string.IsNullOrWhiteSpace(request.ToDealerId))
        {
            errors["toDealerId"] = ["Name the dealer the goods go to."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var sender = await ChannelCaller.ResolveAsync(user, store, cancellationToken);
        if (sender.Problem is { } refused)
        {
            return refused;
        }

        var to = await store.GetDealerAsync(request.ToDealerId!, cancellationToken);
        if (to is null)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["toDealerId"] = [$"No dealer '{request.ToDealerId}'."] });
        }

        if (to.ParentId != sender.Dealer?.Id)
        {
            return Problem(
                StatusCodes.Status403Forbidden,
                "Not a sub-dealer",
                sender.Dealer is { } d
                    ? $"toDealerId: '{to.Id}' is not a sub-dealer of '{d.Id}'; a dealer ships only to the dealers directly below it."
                    : $"toDealerId: '{to.Id}' is a level-{(int)to.Level} {DealerValidation.Name(to.Level)}; the brand ships to level-1 distributors.");
        }

        var shipmentId = Guid.NewGuid();
        var at = time.GetUtcNow();
        var from = sender.Dealer?.Id;
        var record = events.Shipping(shipmentId, from, to.Id, codes, at);
        var step = new ChannelStep(ChannelStepKind.Shipping, from, to.Id, codes.Units, codes.Ssccs, shipmentId, at, record);
        return await RecordAsync(store, step, codes, from ?? "the brand", "held by", logs, cancellationToken);
    }

    private static async Task<Results<Ok<ChannelStepResponse>, ValidationProblem, ProblemHttpResult>> PostReceiptAsync(
        ReceiptRequest request, ClaimsPrincipal user, IChannelStore store, ChannelEvents events, TimeProvider time, ILoggerFactory logs,
        CancellationToken cancellationToken)
    {
        if (!ChannelCodes.TryParse(request.Codes, out var codes, out var errors))
        {
            return TypedResults.ValidationProblem(errors);
        }

        var receiver = await ChannelCaller.ResolveAsync(user, store, cancellationToken);
        if (receiver.Problem is { } refused)
        {
            return refused;
        }

        var dealer = receiver.Dealer!;
        var at = time.GetUtcNow();
        var record = events.Receiving(dealer.ParentId, dealer.Id, codes, at);
        var step = new ChannelStep(ChannelStepKind.Receiving, dealer.Id, null, codes.Units, codes.Ssccs, Guid.NewGuid(), at, record);
        return await RecordAsync(store, step, codes, dealer.Id, "in transit to", logs, cancellationToken);
    }

    private static async Task<Results<Ok<ChannelStepResponse>, ValidationProblem, ProblemHttpResult>> PostSaleAsync(
        SaleRequest request, ClaimsPrincipal user, IChannelStore store, ChannelEvents events, TimeProvider time, ILoggerFactory logs,
        CancellationToken cancellationToken)
    {
        _ = ChannelCodes.TryParse(request.Codes, out var codes, out var errors);
        var now = time.GetUtcNow();
        if (request.SoldAt is not { } soldAt)
        {
            errors["soldAt"] = ["Say when the goods were sold (RFC 3339 with offset, e.g. 2026-12-01T15:04:05+08:00)."];
        }
        else if (soldAt > now + SaleClockSkew)
        {
            errors["soldAt"] = [$"{soldAt:O} is in the future (central's clock says {now:O})."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var seller = await ChannelCaller.ResolveAsync(user, store, cancellationToken);
        if (seller.Problem is { } refused)
        {
            return refused;
        }

        var dealer = seller.Dealer!;
        if (dealer.Level != DealerLevel.Store)
        {
            return Problem(StatusCodes.Status403Forbidden, "Not a store", $"'{dealer.Id}' is a level-{(int)dealer.Level} {DealerValidation.Name(dealer.Level)}; only stores (level 3) record sales to consumers.");
        }

        var record = events.RetailSelling(dealer.Id, codes, request.SoldAt!.Value);
        var step = new ChannelStep(ChannelStepKind.RetailSelling, dealer.Id, null, codes.Units, codes.Ssccs, Guid.NewGuid(), request.SoldAt.Value, record);
        return await RecordAsync(store, step, codes, dealer.Id, "held (received before the sale time) by", logs, cancellationToken);
    }

    private static async Task<Results<Ok<ChannelStepResponse>, ValidationProblem, ProblemHttpResult>> RecordAsync(
        IChannelStore store, ChannelStep step, ChannelCodes codes, string actor, string needed, ILoggerFactory logs, CancellationToken cancellationToken)
    {
        var logger = logs.CreateLogger(typeof(ChannelEndpoints));
        var name = StepName(step.Kind);
        var result = await store.RecordChannelStepAsync(step, cancellationToken);
        if (result.Outcome != ChannelStepOutcome.Applied)
        {
            ChannelLog.StepRefused(logger, name, actor, result.Outcome, result.UnitCount);
        }

        switch (result.Outcome)
        {
            case ChannelStepOutcome.Unknown:
                var unknown = result.UnknownSsccs.Select(codes.Describe).Concat(result.Units.Select(codes.Describe)).ToList();
                return Problem(
                    StatusCodes.Status404NotFound,
                    "Unknown codes",
                    $"Central knows no such container or unit: {string.Join(", ", unknown)}. Nothing was recorded.",
                    unknown);
            case ChannelStepOutcome.Empty:
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["codes"] = ["The containers named hold no unit; nothing was recorded."] });
            case ChannelStepOutcome.NotAvailable:
                var units = result.Units.Select(codes.Describe).ToList();
                return Problem(
                    StatusCodes.Status409Conflict,
                    "Goods not available",
                    $"{(result.Units.Count < ChannelStepResult.MaxListed ? "" : "At least ")}{result.Units.Count} of the {result.UnitCount} units named are not {needed} {actor}: "
                        + $"{string.Join(", ", units)}. Nothing was recorded.",
                    units);
        }

        ChannelLog.StepRecorded(logger, name, step.ShipmentId, actor, result.UnitCount, step.Event.Key);
        return TypedResults.Ok(new ChannelStepResponse(
            step.ShipmentId, name, step.DealerId, step.ToDealerId, result.UnitCount, step.OccurredAt, step.Event.Key));
    }

    internal static string StepName(ChannelStepKind kind) => kind switch
    {
        ChannelStepKind.Shipping => "shipping",
        ChannelStepKind.Receiving => "receiving",
        _ => "retail_selling",
    };

    private static DealerResponse Response(DealerRecord d) =>
        new(d.Id, d.Name, d.ParentId, (int)d.Level, DealerValidation.Name(d.Level), d.Regions, d.CreatedAt);

    private static ProblemHttpResult Problem(int status, string title, string detail, IReadOnlyList<string>? codes = null) =>
        TypedResults.Problem(detail, statusCode: status, title: title, extensions: codes is null ? null : new Dictionary<string, object?> { ["codes"] = codes });
}
