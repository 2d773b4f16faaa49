using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Traceability.CentralApi.Codes;
using Traceability.CentralApi.ConsumerScan;
using Traceability.CentralApi.Storage;
using Traceability.Core.Gs1;

namespace Traceability.CentralApi.Resolver;

/// <summary>
/// Resolves GS1 Digital Link URIs (<c>/01/{gtin}[/10/{lot}][/21/{serial}]</c>, <c>/00/{sscc}</c>, with query
/// attributes such as <c>?17=…</c>) as a GS1-Conformant Resolver: a malformed link is 400, an unknown item 404 (both
/// in the negotiated format), <c>?linkType=linkset</c> (or <c>all</c>) returns the linkset, any other <c>linkType</c>
/// redirects (307) to that link, passing the rest of the query on. Without <c>linkType</c> the item is served directly
/// in the negotiated format (HTML page, consumer JSON or linkset): this server is itself the default link's host, so a
/// redirect would only send the client back here. A GET of a unit's page or JSON is a consumer scan
/// (docs/consumer-scan.md): its DigSig is checked first, it is counted and judged, and the answer carries the verdict.
/// </summary>
internal sealed partial class DigitalLinkResolver(
    IPackingHierarchy hierarchy, IProductCatalog catalog, TimeProvider time, IOptions<ResolverOptions> options, ILogger<DigitalLinkResolver> logger,
    CodeAuthenticator codes, ConsumerScanService scans, IOptions<ConsumerScanOptions> scanOptions)
{
    private const string LinkTypeParameter = "linkType";

    public async Task<IResult> ResolveAsync(HttpContext context, Representation? fixedRepresentation, CancellationToken cancellationToken)
    {
        var request = context.Request;
        AddCommonHeaders(context.Response);
        var representation = fixedRepresentation ?? Negotiation.Choose(request);
        var uri = RequestUri(request);
        if (!DigitalLink.TryParse(uri, out var link, out var error))
        {
            ResolverLog.Malformed(logger, request.Path, error.Message);
            return Error(representation, StatusCodes.Status400BadRequest, "Malformed GS1 Digital Link", error.Message, error.Ai);
        }

        // A consumer scan: a GET of a unit's page or JSON (not HEAD, not a linkset, not a redirect to another link).
        var linkType = link.OtherParameters.LastOrDefault(p => p.Key == LinkTypeParameter).Value;
        var isScan = HttpMethods.IsGet(request.Method) && link.Data["21"] is not null && representation != Representation.Linkset
            && (fixedRepresentation is not null || string.IsNullOrEmpty(linkType));
        ScanReason? signature = null;
        System.Net.IPAddress? client = null;
        if (isScan)
        {
            // The DigSig first, with no I/O: a forged code is answered without reading the unit. The link as parsed
            // above is the code (a scanned URI is read exactly so), so it is not parsed twice.
            var check = codes.Check(link.Data);
            signature = ConsumerScanService.SignatureReason(check);
            client = ClientAddress.Of(context, scanOptions.Value.TrustForwardedFor);
            if (check.Status is CodeCheckStatus.Forged or CodeCheckStatus.UnknownKey)
            {
                var forged = await scans.JudgeForgedAsync(link.Data["01"]!, link.Data["21"]!, signature!, client, cancellationToken);
                return representation == Representation.Json
                    ? Results.Json(ConsumerViews.Forged(link.Data["01"]!, link.Data["21"]!, forged))
                    : Results.Content(ResolverPages.Forged(link.Data["01"]!, link.Data["21"]!, forged), "text/html; charset=utf-8");
            }
        }

        // A scan reads the unit with the rest of what it judges from (channel, counter, warranty): one read, batched
        // with concurrent scans'.
        ScanSubject? subject = null;
        var resolution = await Resolution.LookUpAsync(
            link, hierarchy, catalog, time,
            isScan ? async (gtin, serial, ct) => (subject = await scans.ReadSubjectAsync(gtin, serial, ct))?.Hierarchy : null,
            cancellationToken);
        if (!resolution.Found)
        {
            ScanAssessment? unknown = null;
            if (isScan && resolution.Kind == SubjectKind.Unit)
            {
                unknown = await scans.JudgeUnknownAsync(link.Data["01"]!, link.Data["21"]!, signature, client, cancellationToken);
            }

            return Error(representation, StatusCodes.Status404NotFound, "Not found", NotFoundDetail(resolution), null, unknown);
        }

        var assessment = isScan ? await scans.JudgeKnownAsync(resolution, subject!, signature, client, cancellationToken) : null;

        var publicRoot = PublicRoot(request);
        var contexts = LinkSets.Build(resolution, options.Value.CanonicalRoot.ToString(), publicRoot);
        var self = DigitalLink.Format(resolution.Levels[0].Key, publicRoot);
        context.Response.Headers.Link = LinkSets.LinkHeader(contexts, $"{self}?{LinkTypeParameter}=linkset");

        if (fixedRepresentation is null && !string.IsNullOrEmpty(linkType))
        {
            if (linkType is "linkset" or "all")
            {
                return Results.Json(LinkSets.ToJson(contexts), contentType: Negotiation.LinksetMediaType(request));
            }

            // The requested link type, else the default link (the standard: redirect to the default unless the
            // request matches something better); the client's preferred media type picks among a type's targets.
            var preferred = representation == Representation.Json ? "application/json" : "text/html";
            var target = LinkSets.Find(contexts, LinkSets.Normalize(linkType), preferred) ?? LinkSets.Find(contexts, LinkSets.DefaultLink, preferred)!;
            return Results.Redirect(target.Href + PassedOnQuery(request), permanent: false, preserveMethod: true);
        }

        return representation switch
        {
            Representation.Linkset => Results.Json(LinkSets.ToJson(contexts), contentType: LinkSets.LinksetMediaType),
            Representation.Json => Results.Json(ConsumerViews.For(resolution, assessment)),
            _ => Results.Content(ResolverPages.For(resolution, assessment), "text/html; charset=utf-8"),
        };
    }

    /// <summary>The resolver description file (<c>/.well-known/gs1resolver</c>) the standard asks for.</summary>
    /// <summary>CORS preflight and method discovery.</summary>
    public static IResult Options(HttpContext context)
    {
        AddCommonHeaders(context.Response);
        context.Response.Headers.Allow = "GET, HEAD, OPTIONS";
        context.Response.Headers.AccessControlAllowMethods = "GET, HEAD, OPTIONS";
        context.Response.Headers.AccessControlAllowHeaders = "Accept, Accept-Language";
        return Results.NoContent();
    }

    private static void AddCommonHeaders(HttpResponse response)
    {
        response.Headers.Vary = "Accept";
        response.Headers.AccessControlAllowOrigin = "*";
        response.Headers.AccessControlExposeHeaders = "Link, Location";
    }

    private static IResult Error(Representation representation, int status, string title, string detail, string? ai, ScanAssessment? scan = null)
    {
        if (representation == Representation.Html)
        {
            return Results.Content(ResolverPages.Error(title, detail, scan), "text/html; charset=utf-8", statusCode: status);
        }

        var extensions = ai is null && scan is null ? null : new Dictionary<string, object?>();
        if (ai is not null)
        {
            extensions!["ai"] = ai;
        }

        if (scan is not null)
        {
            extensions!["verdict"] = scan.Verdict;
            extensions["reasons"] = scan.Reasons;
        }

        return Results.Problem(detail, statusCode: status, title: title, extensions: extensions);
    }

    private static string NotFoundDetail(Resolution r) => r.Kind switch
    {
        SubjectKind.Unit => $"This code is not genuine: the manufacturer never issued serial {r.Identifier[15..]} for GTIN {r.Identifier[..14]}.",
        SubjectKind.Batch => $"The manufacturer does not know batch {r.Identifier[15..]} of GTIN {r.Identifier[..14]}.",
        SubjectKind.Container => $"The manufacturer never packed a logistic unit with SSCC {r.Identifier}.",
        _ => $"The manufacturer does not know GTIN {r.Identifier}.",
    };

    // The link as the client sent it (still percent-encoded), so the core parser sees exactly what was scanned.
    private static string RequestUri(HttpRequest request)
    {
        var target = request.HttpContext.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (string.IsNullOrEmpty(target) || target[0] != '/')
        {
            target = request.PathBase.ToUriComponent() + request.Path.ToUriComponent() + request.QueryString.ToUriComponent();
        }

        return $"{request.Scheme}://{request.Host.ToUriComponent()}{target}";
    }

    private string PublicRoot(HttpRequest request) =>
        options.Value.PublicRoot?.ToString().TrimEnd('/') ?? $"{request.Scheme}://{request.Host.ToUriComponent()}{request.PathBase.ToUriComponent()}";

    // Every key=value pair of the request but linkType goes on to the target, as the standard asks by default.
    private static string PassedOnQuery(HttpRequest request)
    {
        var raw = request.QueryString.Value;
        if (string.IsNullOrEmpty(raw))
        {
            return "";
        }

        var kept = raw[1..].Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Where(pair => !pair.Split('=')[0].Equals(LinkTypeParameter, StringComparison.Ordinal))
            .ToList();
        return kept.Count == 0 ? "" : "?" + string.Join('&', kept);
    }
}

internal static partial class ResolverLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Malformed Digital Link {Path}: {Reason}")]
    public static partial void Malformed(ILogger logger, PathString path, string reason);
}
