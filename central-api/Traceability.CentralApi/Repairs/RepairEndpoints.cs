using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Traceability.CentralApi.Alerts;
using Traceability.CentralApi.Security;
using Traceability.CentralApi.Storage;
using Traceability.CentralApi.Units;
using Traceability.CentralApi.Warranty;

namespace Traceability.CentralApi.Repairs;

/// <summary>Service centres record repairs; the service desk reads a unit's history.</summary>
public static class RepairEndpoints
{
    /// <summary>Maps <c>POST /api/repairs</c> and <c>GET /api/units/{gtin}/{serial}/repairs</c> (ServiceDesk, Admin).</summary>
    public static RouteGroupBuilder MapRepairEndpoints(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var group = endpoints.MapGroup("/api").WithTags("Repairs").RequireAuthorization(CentralPolicies.ServiceDesk);
        group.MapPost("/repairs", RecordAsync);
        group.MapGet("/units/{gtin}/{serial}/repairs", HistoryAsync);
        return group;
    }

    private static async Task<Results<Created<RepairResponse>, ValidationProblem>> RecordAsync(
        RepairRequest request, ClaimsPrincipal user, IRepairLog log, WarrantyService warranty, AlertService alerts, TimeProvider time,
        CancellationToken cancellationToken)
    {
        if (!RepairValidation.TryValidate(request, time.GetUtcNow(), user.Identity?.Name ?? "unknown", out var repair, out var errors))
        {
            return TypedResults.ValidationProblem(errors, title: "The repair is not valid.");
        }

        await log.AddRepairAsync(repair, cancellationToken);
        var response = await FlagAsync(repair, warranty, cancellationToken);
        if (response.UnknownUnit)
        {
            // A serial central never allocated, in a service centre's hands: as suspicious as one scanned in a shop.
            await alerts.RaiseUnknownSerialAsync(
                repair.Gtin,
                repair.Serial,
                $"Repair at {repair.ServiceCentre} of serial {repair.Serial} (GTIN {repair.Gtin}), which central never allocated.",
                new { source = "repair", repairId = repair.RepairId, serviceCentre = repair.ServiceCentre, technician = repair.Technician, receivedAt = repair.ReceivedAt },
                cancellationToken);
        }

        return TypedResults.Created($"/api/units/{repair.Gtin}/{Uri.EscapeDataString(repair.Serial)}/repairs", response);
    }

    private static async Task<Results<Ok<RepairHistoryResponse>, ValidationProblem, ProblemHttpResult>> HistoryAsync(
        string gtin, string serial, IRepairLog log, WarrantyService warranty, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var canonical = UnitKeyValidation.Check(gtin, serial, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var repairs = await log.ListRepairsAsync(canonical!, serial, cancellationToken);
        var flagged = new List<RepairResponse>(repairs.Count);
        foreach (var repair in repairs)
        {
            flagged.Add(await FlagAsync(repair, warranty, cancellationToken));
        }

        var unknown = await warranty.GetAsync(canonical!, serial, cancellationToken: cancellationToken) is null;
        if (unknown && repairs.Count == 0)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status404NotFound, title: "Not found",
                detail: $"serial: central never allocated serial '{serial}' of GTIN {canonical}, and no repair names it.");
        }

        return TypedResults.Ok(new RepairHistoryResponse(canonical!, serial, unknown, flagged));
    }

    // Flags are computed from what central knows now, judged for the day the unit came in: a repair recorded before a
    // sale-out date or an invoice correction arrived is re-judged with it.
    private static async Task<RepairResponse> FlagAsync(RepairRecord r, WarrantyService warranty, CancellationToken cancellationToken)
    {
        var day = warranty.LocalDate(r.ReceivedAt);
        var status = await warranty.GetAsync(r.Gtin, r.Serial, day, cancellationToken);
        var decision = status?.Decision;
        return new RepairResponse(
            r.RepairId, r.Gtin, r.Serial, r.Fault, r.Parts, r.Technician, r.ServiceCentre, r.ReceivedAt, r.CompletedAt, r.RecordedAt, r.RecordedBy,
            UnknownUnit: status is null,
            OutOfWarranty: decision is null || !decision.Repair.Applies,
            decision is null ? null : new RepairWarranty(decision.Start, decision.End, decision.Rule, day));
    }
}
