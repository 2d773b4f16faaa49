using Traceability.CentralApi.RateLimiting;

namespace Traceability.CentralApi.Resolver;

/// <summary>The public GS1 Digital Link resolver and the pages and JSON its links point at.</summary>
public static class ResolverEndpoints
{
    private static readonly string[] GetOrHead = ["GET", "HEAD"];
    private static readonly string[] OptionsOnly = ["OPTIONS"];

    /// <summary>
    /// Maps the resolver at the root (<c>/01/…</c> for GTINs with their qualifiers, <c>/00/…</c> for SSCCs), the link
    /// targets <c>/pages/…</c> (HTML) and <c>/api/dl/…</c> (consumer JSON),; public and rate-limited per client.
    /// </summary>
    public static RouteGroupBuilder MapResolverEndpoints(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var group = endpoints.MapGroup("").WithTags("Resolver").AllowAnonymous().RequireRateLimiting(CentralRateLimits.Public);
        foreach (var key in new[] { "01", "00" })
        {
            foreach (var (prefix, representation) in new (string, Representation?)[]
                     {
                         ("", null), (LinkSets.PagesPath, Representation.Html), (LinkSets.JsonPath, Representation.Json),
                     })
            {
                var pattern = $"{prefix}/{key}/{{**rest}}";
                group.MapMethods(pattern, GetOrHead, (HttpContext context, DigitalLinkResolver resolver, CancellationToken cancellationToken) =>
                    resolver.ResolveAsync(context, representation, cancellationToken));
                group.MapMethods(pattern, OptionsOnly, DigitalLinkResolver.Options);
            }
        }

        return group;
    }
}
