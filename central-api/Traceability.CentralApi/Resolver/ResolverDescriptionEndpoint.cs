using System.Text.Json.Serialization;
using Microsoft.Extensions.Options;
using Traceability.CentralApi.RateLimiting;

namespace Traceability.CentralApi.Resolver;

/// <summary>
/// <c>GET /.well-known/gs1resolver</c>: the resolver description file of the GS1-Conformant Resolver standard, which
/// says where the resolver is rooted, which primary keys it resolves and which link-type vocabularies it knows.
/// </summary>
internal static class ResolverDescriptionEndpoint
{
    public const string Route = "/.well-known/gs1resolver";

    // The GS1 Web Vocabulary, whose link types (gs1:pip, gs1:certificationInfo, …) a conformant resolver recognises.
    private static readonly SupportedLinkType[] LinkTypes = [new("https://gs1.org/voc/", "gs1:")];

    // GTIN (01): units and trade items; SSCC (00): the cases and pallets lines aggregate.
    private static readonly string[] PrimaryKeys = ["01", "00"];

    public static IEndpointConventionBuilder MapResolverDescription(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet(Route, Describe)
            .AllowAnonymous()
            .RequireRateLimiting(CentralRateLimits.Public)
            .WithName("GetResolverDescription");

    // linkTypeDefaultCanBeLinkset is false (the schema's default) until the resolver can answer a linkset by default.
    private static IResult Describe(HttpRequest request, IOptions<ResolverOptions> options)
    {
        var configured = options.Value;
        var root = configured.PublicRoot?.AbsoluteUri.TrimEnd('/') ?? $"{request.Scheme}://{request.Host}{request.PathBase}";
        return Results.Json(new ResolverDescription(configured.Name, root, PrimaryKeys, LinkTypes, LinkTypeDefaultCanBeLinkset: false));
    }
}

/// <summary>The resolver description file (GS1-Conformant Resolver standard, <c>/.well-known/gs1resolver</c>).</summary>
internal sealed record ResolverDescription(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("resolverRoot")] string ResolverRoot,
    [property: JsonPropertyName("supportedPrimaryKeys")] IReadOnlyList<string> SupportedPrimaryKeys,
    [property: JsonPropertyName("supportedLinkType")] IReadOnlyList<SupportedLinkType> SupportedLinkType,
    [property: JsonPropertyName("linkTypeDefaultCanBeLinkset")] bool LinkTypeDefaultCanBeLinkset);

/// <summary>A link-type vocabulary: its namespace URI and the CURIE prefix (with the colon) that stands for it.</summary>
internal sealed record SupportedLinkType(
    [property: JsonPropertyName("namespace")] string Namespace,
    [property: JsonPropertyName("prefix")] string Prefix);
