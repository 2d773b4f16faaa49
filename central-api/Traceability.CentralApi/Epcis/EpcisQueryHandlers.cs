using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.Extensions.Options;
using Traceability.CentralApi.Storage;
using Traceability.Core.Epcis;

namespace Traceability.CentralApi.Epcis;

/// <summary>
/// <c>GET /epcis/events</c>: captured and exported line events as one EPCISQueryDocument, paged per the REST binding
/// (perPage, an opaque nextPageToken, a <c>Link: &lt;…&gt;; rel="next"</c> header while more pages follow), and
/// <c>GET /epcis/events/{eventID}</c>.
/// </summary>
internal static class EpcisQueryHandlers
{
    public static async Task<IResult> QueryAsync(
        HttpRequest request, EpcisEventQueryService service, IOptions<EpcisOptions> options, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!EpcisQuery.TryParse(request.Query, options.Value, out var query, out var perPage, out var token, out var errors))
        {
            return EpcisProblems.Invalid(errors, EpcisProblems.QueryParameter, "Invalid query parameters");
        }

        var fingerprint = query.Fingerprint();
        EpcisKeyset? after = null;
        if (token is not null && !EpcisPageToken.TryDecode(token, fingerprint, out after))
        {
            return EpcisProblems.Invalid(
                new() { ["nextPageToken"] = ["Not a page token of this query: pass the token from the Link header with the same query parameters."] },
                EpcisProblems.QueryParameter,
                "Invalid query parameters");
        }

        var page = await service.QueryAsync(query, after, perPage, cancellationToken);
        if (page.Next is { } next)
        {
            var parameters = request.Query.Where(p => p.Key != "nextPageToken")
                .SelectMany(p => p.Value.Select(v => KeyValuePair.Create(p.Key, v)))
                .Append(KeyValuePair.Create("nextPageToken", (string?)EpcisPageToken.Encode(next, fingerprint)));
            var url = UriHelper.BuildAbsolute(request.Scheme, request.Host, request.PathBase, request.Path, QueryString.Create(parameters));
            request.HttpContext.Response.Headers.Link = $"<{url}>; rel=\"next\"";
        }

        return EpcisJsonOutput.Json(Document(page.Events, time, options.Value));
    }

    public static async Task<IResult> GetEventAsync(
        string eventId, EpcisEventQueryService service, IOptions<EpcisOptions> options, TimeProvider time, CancellationToken cancellationToken)
    {
        // Routing decodes every escape of the path except %2F, which a URI eventID (ni:///…) needs.
        var id = eventId.Replace("%2F", "/", StringComparison.OrdinalIgnoreCase);
        return await service.GetAsync(id, cancellationToken) is { } e
            ? EpcisJsonOutput.Json(Document([e], time, options.Value))
            : EpcisProblems.Problem(StatusCodes.Status404NotFound, EpcisProblems.NoSuchName, "No such event", $"There is no event with eventID '{id}'.");
    }

    private static JsonObject Document(IReadOnlyList<JsonObject> events, TimeProvider time, EpcisOptions options) =>
        EpcisDocuments.QueryDocument(events, time.GetUtcNow(), extraContext: new JsonObject { [LineEventExport.Prefix] = options.ExtensionNamespace });
}
