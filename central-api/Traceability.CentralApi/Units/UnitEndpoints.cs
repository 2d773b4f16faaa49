using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Traceability.CentralApi.Channel;
using Traceability.CentralApi.Security;
using Traceability.CentralApi.Storage;
using Traceability.Core.Gs1;
using Traceability.Core.Serials;

namespace Traceability.CentralApi.Units;

/// <summary>
/// Lookups of units and containers with their packing hierarchy (staff), and of units with their channel history (staff,
/// and a dealer for the units shipped to it or to its sub-dealers: any other unit is a 404, as if it did not exist).
/// </summary>
public static class UnitEndpoints
{
    /// <summary>Maps <c>GET /api/units/{gtin}/{serial}</c> and <c>GET /api/containers/{sscc}</c> (<c>?depth=all</c>).</summary>
    public static RouteGroupBuilder MapUnitEndpoints(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var group = endpoints.MapGroup("/api").WithTags("Units");
        group.MapGet("/units/{gtin}/{serial}", GetUnitAsync).RequireAuthorization(CentralPolicies.UnitReader);
        group.MapGet("/containers/{sscc}", GetContainerAsync).RequireAuthorization(CentralPolicies.ServiceDesk);
        return group;
    }

    private static async Task<Results<Ok<UnitResponse>, ValidationProblem, ProblemHttpResult>> GetUnitAsync(
        string gtin,
        string serial,
        ClaimsPrincipal user,
        IPackingHierarchy hierarchy,
        IProductCatalog catalog,
        IChannelStore channel,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (!Gtin.TryParse(gtin, out var parsed, out var gtinError))
        {
            errors["gtin"] = [gtinError.Message];
        }

        if (!Serial.TryParse(serial, out _))
        {
            errors["serial"] = [$"'{serial}' is not an AI (21) serial: 1 to 20 characters of GS1 CSET 82."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var missing = $"Central never allocated serial '{serial}' of GTIN {parsed.Value}.";
        if (ChannelCaller.DealerId(user) is { } dealerId
            && (dealerId.Length == 0 || !await channel.WasShippedWithinAsync(dealerId, parsed.Value, serial, cancellationToken)))
        {
            return NotFound(missing);
        }

        if (await UnitView.FindAsync(hierarchy, catalog, time, parsed.Value, serial, cancellationToken) is not { } view)
        {
            return NotFound(missing);
        }

        var state = await channel.GetChannelStateAsync(parsed.Value, serial, cancellationToken);
        var history = await channel.GetChannelHistoryAsync(parsed.Value, serial, cancellationToken);

        var unit = view.Unit;
        return TypedResults.Ok(new UnitResponse(
            unit.Gtin,
            unit.Serial,
            view.Product is { } p ? new ProductSummary(p.Model, p.Name) : null,
            view.Batch,
            unit.State.ToString(),
            unit.LineId,
            unit.WorkOrderId,
            unit.AllocatedAt,
            unit.CommissionedAt,
            unit.ReplacedBy is { } by ? new UnitReference(by.Gtin, by.Serial) : null,
            unit.Replaces is { } replaces ? new UnitReference(replaces.Gtin, replaces.Serial) : null,
            view.Hierarchy.Containers.Select(Summary).ToList(),
            UnitChannel.From(state, history)));
    }

    private static async Task<Results<Ok<ContainerResponse>, ValidationProblem, ProblemHttpResult>> GetContainerAsync(
        string sscc, string? depth, IPackingHierarchy hierarchy, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (!Sscc.TryParse(sscc, out var parsed, out var ssccError))
        {
            errors["sscc"] = [ssccError.Message];
        }

        if (depth is not (null or "1" or "all"))
        {
            errors["depth"] = [$"'{depth}' is not a depth: leave it out (direct children) or ask for 'all' (every unit beneath)."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var all = depth == "all";
        if (await hierarchy.GetContainerContentsAsync(parsed.Value, all, cancellationToken) is not { } found)
        {
            return NotFound($"No event has named SSCC {parsed.Value}.");
        }

        var c = found.Container;
        var children = found.ChildContainers.Select(ChildItem.Container)
            .Concat(found.ChildUnits.Select(u => ChildItem.Unit(u.Gtin, u.Serial)))
            .ToList();
        return TypedResults.Ok(new ContainerResponse(
            c.Sscc,
            c.State.ToString(),
            c.LineId,
            c.PackedAt,
            c.ReplacedBy,
            c.Replaces,
            found.Parents.Select(Summary).ToList(),
            children,
            children.Count,
            found.UnitCount,
            found.Units?.Select(u => new UnitReference(u.Gtin, u.Serial)).ToList(),
            all ? found.UnitCount > found.Units!.Count : null));
    }

    private static ContainerSummary Summary(ContainerRecord c) => new(c.Sscc, c.State.ToString(), c.LineId, c.PackedAt);

    private static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status404NotFound, title: "Not found");
}
