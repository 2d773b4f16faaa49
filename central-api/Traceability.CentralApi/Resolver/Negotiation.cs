using Microsoft.Net.Http.Headers;

namespace Traceability.CentralApi.Resolver;

/// <summary>The representations the resolver serves.</summary>
internal enum Representation
{
    Html,
    Json,
    Linkset,
}

/// <summary>Picks a representation from the Accept header (RFC 9110 §12.5.1: the most specific range sets the quality).</summary>
internal static class Negotiation
{
    private static readonly (Representation Kind, string MediaType)[] Offered =
    [
        (Representation.Html, "text/html"),
        (Representation.Json, "application/json"),
        (Representation.Linkset, LinkSets.LinksetMediaType),
    ];

    /// <summary>The best offered representation; HTML when nothing is asked for or nothing offered is acceptable.</summary>
    public static Representation Choose(HttpRequest request)
    {
        var accept = request.GetTypedHeaders().Accept;
        if (accept.Count == 0)
        {
            return Representation.Html;
        }

        var (best, bestQuality) = (Representation.Html, 0.0);
        foreach (var (kind, mediaType) in Offered)
        {
            var quality = Quality(accept, mediaType);
            if (quality > bestQuality)
            {
                (best, bestQuality) = (kind, quality);
            }
        }

        return best;
    }

    /// <summary>For a linkset: its own media type, unless the client ranks plain JSON higher.</summary>
    public static string LinksetMediaType(HttpRequest request)
    {
        var accept = request.GetTypedHeaders().Accept;
        return Quality(accept, "application/json") > Quality(accept, LinkSets.LinksetMediaType) ? "application/json" : LinkSets.LinksetMediaType;
    }

    private static double Quality(IList<MediaTypeHeaderValue> accept, string mediaType)
    {
        var slash = mediaType.IndexOf('/', StringComparison.Ordinal);
        var (type, specificity, quality) = (mediaType[..slash], -1, 0.0);
        foreach (var range in accept)
        {
            var value = range.MediaType.Value ?? "";
            var match = value.Equals(mediaType, StringComparison.OrdinalIgnoreCase) ? 2
                : value.Equals(type + "/*", StringComparison.OrdinalIgnoreCase) ? 1
                : value == "*/*" ? 0
                : -1;
            if (match > specificity)
            {
                (specificity, quality) = (match, range.Quality ?? 1.0);
            }
        }

        return quality;
    }
}
