using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Traceability.CentralApi.Security;
using Traceability.CentralApi.Storage;
using Traceability.CentralApi.Units;

namespace Traceability.CentralApi.Warranty;

/// <summary>A unit's warranty status and the service desk's corrections from invoices.</summary>
public static class WarrantyEndpoints
{
    /// <summary>The longest reason, in characters.</summary>
    public const int MaxReasonLength = 500;

    /// <summary>Maps <c>GET /api/units/{gtin}/{serial}/warranty</c> and <c>POST …/warranty/corrections</c> (ServiceDesk, Admin).</summary>
    public static RouteGroupBuilder MapWarrantyEndpoints(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var group = endpoints.MapGroup("/api/units/{gtin}/{serial}/warranty").WithTags("Warranty").RequireAuthorization(CentralPolicies.ServiceDesk);
        group.MapGet("/", GetAsync);
        group.MapPost("/corrections", CorrectAsync);
        return group;
    }

    private static async Task<Results<Ok<WarrantyResponse>, ValidationProblem, ProblemHttpResult>> GetAsync(
        string gtin, string serial, WarrantyService warranty, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var canonical = UnitKeyValidation.Check(gtin, serial, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        return await warranty.GetAsync(canonical!, serial, cancellationToken: cancellationToken) is { } found
            ? TypedResults.Ok(WarrantyResponse.From(found))
            : NotFound(canonical!, serial);
    }

    private static async Task<Results<Created<WarrantyResponse>, ValidationProblem, ProblemHttpResult>> CorrectAsync(
        string gtin, string serial, WarrantyCorrectionRequest request, ClaimsPrincipal user, WarrantyService warranty,
        IWarrantyCorrections corrections, TimeProvider time, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var canonical = UnitKeyValidation.Check(gtin, serial, errors);
        DateOnly invoiceDate = default;
        if (string.IsNullOrWhiteSpace(request.InvoiceDate))
        {
            errors["invoiceDate"] = ["Required: the purchase date on the invoice, yyyy-MM-dd."];
        }
        else if (!DateOnly.TryParseExact(request.InvoiceDate, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out invoiceDate))
        {
            errors["invoiceDate"] = [$"'{request.InvoiceDate}' is not a date yyyy-MM-dd."];
        }
        else if (invoiceDate > warranty.Today)
        {
            errors["invoiceDate"] = [$"{request.InvoiceDate} is after today ({warranty.Today:yyyy-MM-dd} in {warranty.TimeZone.Id}); an invoice cannot be dated in the future."];
        }

        var reason = request.Reason?.Trim();
        if (string.IsNullOrEmpty(reason))
        {
            errors["reason"] = ["Required: why the start date changes (e.g. the invoice number and store)."];
        }
        else if (reason.Length > MaxReasonLength)
        {
            errors["reason"] = [$"The reason has {reason.Length} characters; at most {MaxReasonLength}."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The warranty correction is not valid.");
        }

        if (await warranty.GetAsync(canonical!, serial, cancellationToken: cancellationToken) is not { } before)
        {
            return NotFound(canonical!, serial);
        }

        if (before.Unit.CommissionedAt is { } commissioned && invoiceDate < warranty.LocalDate(commissioned))
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["invoiceDate"] = [$"{invoiceDate:yyyy-MM-dd} is before the unit was made (commissioned {warranty.LocalDate(commissioned):yyyy-MM-dd})."] },
                title: "The warranty correction is not valid.");
        }

        var now = time.GetUtcNow();
        var correction = new WarrantyCorrection(
            Guid.CreateVersion7(now), canonical!, serial, invoiceDate, reason!, user.Identity?.Name ?? "unknown", now,
            before.Decision?.Start, before.Decision?.Rule);
        await corrections.AddWarrantyCorrectionAsync(correction, cancellationToken);
        var after = await warranty.GetAsync(canonical!, serial, cancellationToken: cancellationToken);
        return TypedResults.Created($"/api/units/{canonical}/{Uri.EscapeDataString(serial)}/warranty", WarrantyResponse.From(after!));
    }

    private static ProblemHttpResult NotFound(string gtin, string serial) => TypedResults.Problem(
        statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: $"serial: central never allocated serial '{serial}' of GTIN {gtin}.");
}
