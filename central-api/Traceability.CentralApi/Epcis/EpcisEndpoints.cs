namespace Traceability.CentralApi.Epcis;

/// <summary>EPCIS 2.0 REST binding under <c>/epcis</c>: capture, capture jobs, event queries. See docs/epcis.md.</summary>
public static class EpcisEndpoints
{
    /// <summary>The EPCIS and CBV versions every EPCIS response declares (GS1-EPCIS-Version, GS1-CBV-Version headers).</summary>
    public const string Version = "2.0.0";

    /// <summary>
    /// Maps <c>POST /epcis/capture</c>, <c>GET /epcis/capture/{captureID}</c>, <c>GET /epcis/events</c> and
    /// <c>GET /epcis/events/{eventID}</c> (the eventID percent-encoded as one path segment).
    /// </summary>
    public static RouteGroupBuilder MapEpcisEndpoints(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var group = endpoints.MapGroup("/epcis").WithTags("EPCIS");
        group.AddEndpointFilter(async (context, next) =>
        {
            var headers = context.HttpContext.Response.Headers;
            headers["GS1-EPCIS-Version"] = Version;
            headers["GS1-CBV-Version"] = Version;
            return await next(context);
        });
        group.MapPost("/capture", EpcisCaptureHandlers.CaptureAsync);
        group.MapGet("/capture/{captureId}", EpcisCaptureHandlers.GetCaptureAsync);
        group.MapGet("/events", EpcisQueryHandlers.QueryAsync);
        group.MapGet("/events/{**eventId}", EpcisQueryHandlers.GetEventAsync);
        return group;
    }
}
