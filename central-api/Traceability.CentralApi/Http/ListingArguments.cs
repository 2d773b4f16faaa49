using System.Globalization;

namespace Traceability.CentralApi.Http;

/// <summary>
/// The query arguments the listings share (<c>GET /api/alerts</c> and its deliveries, <c>GET /api/inspections</c>,
/// <c>GET /api/pricewatch/violations</c>): an optional time window and a page size. A bad value leaves its message in
/// <c>errors</c> under its field, for the listing's validation problem.
/// </summary>
internal static class ListingArguments
{
    /// <summary>The window <c>from</c> (inclusive) to <c>to</c>, each optional; <c>to</c> must come after <c>from</c>.</summary>
    public static (DateTimeOffset? Since, DateTimeOffset? Until) Window(string? from, string? to, Dictionary<string, string[]> errors)
    {
        var since = Instant(from, "from", errors);
        var until = Instant(to, "to", errors);
        if (since is not null && until is not null && since >= until)
        {
            errors["to"] = ["'to' must be after 'from'."];
        }

        return (since, until);
    }

    /// <summary>The <c>limit</c>: <paramref name="defaultSize"/> when left out, else a whole number from 1 to <paramref name="maxSize"/>.</summary>
    public static int PageSize(string? limit, int defaultSize, int maxSize, Dictionary<string, string[]> errors, string what = "page size")
    {
        var size = defaultSize;
        if (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out size) || size < 1 || size > maxSize))
        {
            errors["limit"] = [$"'{limit}' is not a {what} from 1 to {maxSize}."];
        }

        return size;
    }

    private static DateTimeOffset? Instant(string? text, string field, Dictionary<string, string[]> errors)
    {
        if (text is null)
        {
            return null;
        }

        // RFC 3339 needs an offset: a bare local time would mean different instants to different readers.
        var time = text.IndexOfAny(['T', 't']);
        if (time > 0 && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant)
            && (text.EndsWith('Z') || text.EndsWith('z') || text.LastIndexOfAny(['+', '-']) > time))
        {
            return instant;
        }

        errors[field] = [$"'{text}' is not an RFC 3339 instant with an offset (e.g. 2026-12-01T00:00:00+08:00)."];
        return null;
    }
}
