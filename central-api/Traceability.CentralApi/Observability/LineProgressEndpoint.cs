using Traceability.CentralApi.Security;
using Traceability.CentralApi.Storage;

namespace Traceability.CentralApi.Observability;

/// <summary>
/// <c>GET /api/lines/{lineId}/progress</c>: how far central has a line's events, with the missing ranges, so a gap is
/// visible without reading the database (ServiceDesk or Admin).
/// </summary>
internal static class LineProgressEndpoint
{
    public const string Route = "/api/lines/{lineId}/progress";

    public static IEndpointConventionBuilder MapLineProgress(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet(Route, GetAsync)
            .RequireAuthorization(CentralPolicies.ServiceDesk)
            .WithName("GetLineProgress");

    private static async Task<IResult> GetAsync(string lineId, ICentralStore store, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(lineId))
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["lineId"] = ["empty."] });
        }

        var progress = await store.GetLineProgressAsync(lineId, cancellationToken);
        return Results.Ok(new LineProgressResponse(
            progress.LineId,
            progress.Watermark,
            progress.HighestSeen,
            progress.Gaps.Sum(g => g.Last - g.First + 1),
            progress.Gaps.Select(g => new SequenceRangeResponse(g.First, g.Last)).ToList()));
    }
}

/// <summary>The answer of <c>GET /api/lines/{lineId}/progress</c>.</summary>
/// <param name="LineId">The line.</param>
/// <param name="Watermark">Every sequence from 1 to this one is stored (0: sequence 1 is missing).</param>
/// <param name="HighestSeen">The highest sequence stored.</param>
/// <param name="Missing">How many sequences between the two are missing.</param>
/// <param name="Gaps">The missing ranges, ascending, both ends inclusive.</param>
public sealed record LineProgressResponse(string LineId, long Watermark, long HighestSeen, long Missing, IReadOnlyList<SequenceRangeResponse> Gaps);

/// <summary>Missing sequences <paramref name="First"/> to <paramref name="Last"/>, inclusive.</summary>
public sealed record SequenceRangeResponse(long First, long Last);
