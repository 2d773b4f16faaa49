using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;
using Traceability.CentralApi.Http;
using Traceability.CentralApi.Security;
using Traceability.CentralApi.Storage;

namespace Traceability.CentralApi.PriceWatch;

/// <summary>Price watch (docs/pricewatch.md).</summary>
public static class PriceWatchEndpoints
{
    /// <summary>Page size when <c>limit</c> is left out.</summary>
    public const int DefaultLimit = 100;

    /// <summary>The largest page.</summary>
    public const int MaxLimit = 1000;

    /// <summary>
    /// Maps <c>POST /api/pricewatch/listings</c>, <c>GET /api/pricewatch/violations</c> and <c>GET /api/pricewatch/dealers</c>, all Admin.
    /// </summary>
    public static RouteGroupBuilder MapPriceWatchEndpoints(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var group = endpoints.MapGroup("/api/pricewatch").WithTags("PriceWatch").RequireAuthorization(CentralPolicies.Admin);
        group.MapPost("/listings", ImportAsync);
        group.MapGet("/violations", ListAsync);
        group.MapGet("/dealers", RankAsync);
        return group;
    }

    private static async Task<IResult> ImportAsync(HttpRequest request, PriceWatchService service, CancellationToken cancellationToken)
    {
        var mediaType = request.ContentType is { } type && Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(type, out var parsed)
            ? parsed.MediaType.Value
            : null;
        var csv = string.Equals(mediaType, "text/csv", StringComparison.OrdinalIgnoreCase);
        if (!csv && !string.Equals(mediaType, "application/json", StringComparison.OrdinalIgnoreCase))
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported listing format.",
                detail: "Content-Type: send a JSON array (application/json) or CSV with a header (text/csv).");
        }

        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var body = await reader.ReadToEndAsync(cancellationToken);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var rows = csv ? ListingReader.ReadCsv(body, errors) : ListingReader.ReadJson(body, errors);
        if (errors.Count == 0 && rows.Count == 0)
        {
            errors["body"] = ["The import holds no listing."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The listings are not valid; none was stored.");
        }

        var outcome = await service.ImportAsync(rows, cancellationToken);
        return outcome.Response is null
            ? TypedResults.ValidationProblem(outcome.Errors, title: "The listings are not valid; none was stored.")
            : TypedResults.Ok(outcome.Response);
    }

    private static async Task<Results<Ok<ViolationListResponse>, ValidationProblem>> ListAsync(
        string? platform, string? store, string? tier, string? from, string? to, string? limit, string? pageToken,
        IPriceWatchStore listings, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var (since, until) = ListingArguments.Window(from, to, errors);

        PriceTier? wanted = null;
        if (tier is not null)
        {
            if (PriceTiers.TryParse(tier, out var t))
            {
                wanted = t;
            }
            else
            {
                errors["tier"] = [$"'{tier}' is not a tier (under_15, under_30, below_cost)."];
            }
        }

        var size = ListingArguments.PageSize(limit, DefaultLimit, MaxLimit, errors);

        if (platform is { Length: 0 or > ListingValidation.MaxNameLength })
        {
            errors["platform"] = [$"A platform has 1 to {ListingValidation.MaxNameLength} characters."];
        }

        if (store is { Length: 0 or > ListingValidation.MaxNameLength })
        {
            errors["store"] = [$"A store has 1 to {ListingValidation.MaxNameLength} characters."];
        }

        ListingPosition? after = null;
        if (pageToken is not null && !TryDecode(pageToken, out after))
        {
            errors["pageToken"] = ["The page token is not one this listing gave."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The violation listing is not valid.");
        }

        var page = await listings.ListViolationsAsync(new ViolationQuery(platform, store, wanted, since, until, after, size), cancellationToken);
        var next = page.Count == size ? Encode(new ListingPosition(page[^1].ListedAt, page[^1].ListingId)) : null;
        return TypedResults.Ok(new ViolationListResponse(page.Select(Response).ToList(), next));
    }

    private static async Task<Ok<DealerRankingResponse>> RankAsync(PriceWatchService service, CancellationToken cancellationToken) =>
        TypedResults.Ok(await service.RankDealersAsync(cancellationToken));

    private static ViolationResponse Response(PriceListing l) => new(
        l.ListingId, l.Platform, l.Store, l.Sku, l.Gtin, l.Price, l.Currency, l.ListedAt, l.ListPrice, l.Cost, PriceTiers.Name(l.Tier),
        l.Authorized, l.StoreDealerId, l.Serial, l.TracedDealerId, l.ShipmentChain, l.AlertId, l.ImportedAt);

    // The page token is the (listed at, id) of the last violation of a page: a position, valid as listings are added.
    private static string Encode(ListingPosition position) =>
        WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{position.ListedAt.UtcTicks}:{position.ListingId}")));

    private static bool TryDecode(string token, out ListingPosition? position)
    {
        position = null;
        string text;
        try
        {
            text = Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(token));
        }
        catch (FormatException)
        {
            return false;
        }

        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon < 1 || !long.TryParse(text.AsSpan(0, colon), NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            || ticks > DateTimeOffset.MaxValue.UtcTicks || text.Length - colon - 1 != 32 || !text[(colon + 1)..].All(char.IsAsciiHexDigitLower))
        {
            return false;
        }

        position = new ListingPosition(new DateTimeOffset(ticks, TimeSpan.Zero), text[(colon + 1)..]);
        return true;
    }
}
