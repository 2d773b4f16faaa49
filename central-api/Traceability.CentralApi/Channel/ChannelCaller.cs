using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Traceability.CentralApi.Security;
using Traceability.CentralApi.Storage;

namespace Traceability.CentralApi.Channel;

/// <summary>Who is calling, in channel terms: the brand (an Admin key) or a registered dealer (a Dealer key's dealer id).</summary>
internal static class ChannelCaller
{
    /// <summary>The dealer id of a Dealer key; null for staff keys (which see everything).</summary>
    public static string? DealerId(ClaimsPrincipal user) =>
        user.IsInRole(CentralRoles.Dealer) ? user.FindFirst(CentralClaimTypes.DealerId)?.Value ?? "" : null;

    /// <summary>
    /// The brand (<see cref="Caller.Dealer"/> null) for an Admin key; the key's dealer for a Dealer key, or a 403
    /// problem when central has no dealer with that id.
    /// </summary>
    public static async Task<Caller> ResolveAsync(ClaimsPrincipal user, IChannelStore store, CancellationToken cancellationToken)
    {
        if (DealerId(user) is not { } id)
        {
            return new Caller(null, null);
        }

        return id.Length > 0 && await store.GetDealerAsync(id, cancellationToken) is { } dealer
            ? new Caller(dealer, null)
            : new Caller(null, TypedResults.Problem(
                $"This API key belongs to dealer '{id}', which is not registered (POST /api/dealers).",
                statusCode: StatusCodes.Status403Forbidden,
                title: "Unknown dealer"));
    }

    /// <summary>True when <paramref name="dealer"/> is <paramref name="ancestorId"/> or lies below it (at most three levels).</summary>
    public static async Task<bool> IsWithinAsync(IChannelStore store, DealerRecord dealer, string ancestorId, CancellationToken cancellationToken)
    {
        for (DealerRecord? d = dealer; d is not null; d = d.ParentId is { } parent ? await store.GetDealerAsync(parent, cancellationToken) : null)
        {
            if (string.Equals(d.Id, ancestorId, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The caller: a dealer, the brand (both null), or a refusal.</summary>
    public sealed record Caller(DealerRecord? Dealer, ProblemHttpResult? Problem);
}
