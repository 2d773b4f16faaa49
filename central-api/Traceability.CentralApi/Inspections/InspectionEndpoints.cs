using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Traceability.CentralApi.Codes;
using Traceability.CentralApi.Http;
using Traceability.CentralApi.Security;
using Traceability.CentralApi.Storage;
using Traceability.Core.Regions;

namespace Traceability.CentralApi.Inspections;

/// <summary>Market inspectors' scans (docs/inspections.md).</summary>
public static class InspectionEndpoints
{
    /// <summary>Listing size when <c>limit</c> is left out.</summary>
    public const int DefaultLimit = 100;

    /// <summary>The longest listing.</summary>
    public const int MaxLimit = 1000;

    /// <summary>
    /// Maps <c>POST /api/inspections</c> (Inspector, Admin), <c>GET /api/inspections/{id}</c> and its <c>/photo</c> (the
    /// inspector who made it, ServiceDesk, Admin) and <c>GET /api/inspections</c> (ServiceDesk, Admin).
    /// </summary>
    public static RouteGroupBuilder MapInspectionEndpoints(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var maxPhoto = endpoints.ServiceProvider.GetRequiredService<IOptions<InspectionOptions>>().Value.MaxPhotoBytes;
        var group = endpoints.MapGroup("/api/inspections").WithTags("Inspections");
        // The photo travels as base64 in the JSON body: the body may be 4/3 of the photo plus the other fields.
        group.MapPost("/", InspectAsync)
            .RequireAuthorization(CentralPolicies.Inspector)
            .WithMetadata(new RequestSizeLimitAttribute(((long)maxPhoto / 3 * 4) + (64 * 1024)));
        group.MapGet("/", ListAsync).RequireAuthorization(CentralPolicies.ServiceDesk);
        group.MapGet("/{id}", GetAsync).RequireAuthorization(CentralPolicies.InspectionReader);
        group.MapGet("/{id}/photo", GetPhotoAsync).RequireAuthorization(CentralPolicies.InspectionReader);
        return group;
    }

    private static async Task<IResult> InspectAsync(
        InspectionRequest request, ClaimsPrincipal user, CodeAuthenticator authenticator, InspectionService inspections, RegionTree regions,
        IOptions<InspectionOptions> options, CancellationToken cancellationToken)
    {
        if (!InspectionValidation.TryRead(request, regions, options.Value.MaxPhotoBytes, out var valid, out var errors))
        {
            return TypedResults.ValidationProblem(errors, title: "The inspection is not valid.");
        }

        // Checked before any database work. Unreadable text, or GS1 data that names no unit, is a bad request; a readable
        // unit code whose DigSig fails is a finding in itself (a copy on a shop shelf), stored and alerted.
        var check = authenticator.Check(valid!.Code);
        if (check.Status is CodeCheckStatus.Unreadable or CodeCheckStatus.NotAUnit)
        {
            return check.ToProblem("code");
        }

        var outcome = await inspections.InspectAsync(valid, check, user.Identity?.Name ?? "unknown", cancellationToken);
        var response = InspectionResponse.From(outcome.Inspection, outcome.DealerName);
        return TypedResults.Created($"/api/inspections/{response.Id:D}", response);
    }

    private static async Task<Results<Ok<InspectionResponse>, ValidationProblem, ProblemHttpResult>> GetAsync(
        string id, ClaimsPrincipal user, IInspectionStore store, IChannelStore channel, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, CultureInfo.InvariantCulture, out var inspectionId))
        {
            return BadId(id);
        }

        var inspection = await store.GetInspectionAsync(inspectionId, cancellationToken);
        if (inspection is null || !MayRead(user, inspection))
        {
            return NotFound(id);
        }

        var dealer = inspection.DealerId is { } dealerId ? await channel.GetDealerAsync(dealerId, cancellationToken) : null;
        return TypedResults.Ok(InspectionResponse.From(inspection, dealer?.Name));
    }

    private static async Task<Results<FileContentHttpResult, ValidationProblem, ProblemHttpResult>> GetPhotoAsync(
        string id, ClaimsPrincipal user, IInspectionStore store, HttpContext context, CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, CultureInfo.InvariantCulture, out var inspectionId))
        {
            return BadId(id);
        }

        var inspection = await store.GetInspectionAsync(inspectionId, cancellationToken);
        if (inspection is null || !MayRead(user, inspection))
        {
            return NotFound(id);
        }

        if (await store.GetInspectionPhotoAsync(inspectionId, cancellationToken) is not { } photo)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No photo.", detail: $"id: inspection '{id}' kept no photo.");
        }

        // Served as the type its magic bytes proved, never sniffed into anything else.
        context.Response.Headers.XContentTypeOptions = "nosniff";
        return TypedResults.File(photo.Bytes, photo.ContentType);
    }

    private static async Task<Results<Ok<InspectionListResponse>, ValidationProblem>> ListAsync(
        string? dealerId, string? from, string? to, string? limit, string? pageToken, IInspectionStore store, IChannelStore channel, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var (since, until) = ListingArguments.Window(from, to, errors);

        var size = ListingArguments.PageSize(limit, DefaultLimit, MaxLimit, errors, "listing size");

        if (dealerId is { Length: 0 or > 64 })
        {
            errors["dealerId"] = ["A dealer id has 1 to 64 characters."];
        }

        InspectionPosition? after = null;
        if (pageToken is not null && errors.Count == 0)
        {
            if (NewestFirstPageToken.TryDecode(pageToken, Listing(dealerId, since, until), out var at, out var id))
            {
                after = new InspectionPosition(at, id);
            }
            else
            {
                errors["pageToken"] = ["Not a page token of this listing: pass nextPageToken unchanged, with the same dealerId, from and to."];
            }
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The inspection listing is not valid.");
        }

        var page = await store.ListInspectionsAsync(new InspectionQuery(dealerId, since, until, size, after), cancellationToken);
        var found = page.Inspections;
        var names = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var dealer in found.Select(f => f.DealerId).OfType<string>().Distinct(StringComparer.Ordinal))
        {
            names[dealer] = (await channel.GetDealerAsync(dealer, cancellationToken))?.Name;
        }

        return TypedResults.Ok(new InspectionListResponse(
            found.Select(f => InspectionResponse.From(f, f.DealerId is null ? null : names[f.DealerId])).ToList(),
            page.Next is { } next ? NewestFirstPageToken.Encode(next.InspectedAt, next.InspectionId, Listing(dealerId, since, until)) : null));
    }

    // The listing and filters a page token is bound to: the instants as UTC ticks, so two spellings of one instant agree.
    private static string Listing(string? dealerId, DateTimeOffset? from, DateTimeOffset? to) =>
        string.Create(CultureInfo.InvariantCulture, $"inspections|{dealerId?.Length}:{dealerId}|{from?.UtcTicks}|{to?.UtcTicks}|");

    // An inspector reads its own findings; another inspector's are 404, as if they did not exist. Staff read all.
    private static bool MayRead(ClaimsPrincipal user, InspectionRecord inspection) =>
        user.IsInRole(CentralRoles.ServiceDesk) || user.IsInRole(CentralRoles.Admin)
        || string.Equals(user.Identity?.Name, inspection.Inspector, StringComparison.Ordinal);

    private static ValidationProblem BadId(string id) => TypedResults.ValidationProblem(
        new Dictionary<string, string[]> { ["id"] = [$"'{id}' is not an inspection id (a UUID)."] }, title: "Which inspection?");

    private static ProblemHttpResult NotFound(string id) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such inspection.", detail: $"id: no inspection '{id}'.");
}
