using Traceability.CentralApi.Security;

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

        // Capture writes the system of record: integrations run with an admin key. Queries reveal where every unit went:
        // the service desk and brand protection (admin), not dealers.
        group.MapPost("/capture", EpcisCaptureHandlers.CaptureAsync).RequireAuthorization(CentralPolicies.Admin);
        group.MapGet("/capture/{captureId}", EpcisCaptureHandlers.GetCaptureAsync).RequireAuthorization(CentralPolicies.Admin);
        group.MapGet("/events", EpcisQueryHandlers.QueryAsync).RequireAuthorization(CentralPolicies.ServiceDesk);
        group.MapGet("/events/{**eventId}", EpcisQueryHandlers.GetEventAsync).RequireAuthorization(CentralPolicies.ServiceDesk);
        return group;
    }
}
