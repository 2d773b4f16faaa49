using System.Globalization;
using Microsoft.Extensions.Options;
using Traceability.CentralApi.Codes;
using Traceability.CentralApi.ConsumerScan;
using Traceability.CentralApi.RateLimiting;

namespace Traceability.CentralApi.Rewards;

/// <summary>Scan rewards: <c>POST /api/rewards/claims</c> (public, rate-limited per client address).</summary>
public static class RewardEndpoints
{
    private const int MaxIdLength = 128;

    /// <summary>Maps <c>POST /api/rewards/claims</c>.</summary>
    public static IEndpointRouteBuilder MapRewardEndpoints(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapPost("/api/rewards/claims", ClaimAsync)
            .WithTags("Rewards")
            .AllowAnonymous()
            .RequireRateLimiting(CentralRateLimits.Public);
        return endpoints;
    }

    private static async Task<IResult> ClaimAsync(
        RewardClaimRequest request, HttpContext context, CodeAuthenticator codes, RewardService rewards, IOptions<RewardOptions> options,
        IOptions<ConsumerScanOptions> scanOptions, ILoggerFactory logs, CancellationToken cancellationToken)
    {
        // The signature first, with no I/O: a forged code costs one verification and touches no table.
        var check = codes.Check(request.Code);
        if (!check.IsGenuine)
        {
            var logger = logs.CreateLogger(typeof(RewardEndpoints));
            RewardLog.CodeRefused(logger, check.Status, check.Reason);
            return check.ToProblem();
        }

        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var accountId = Required(request.AccountId, "accountId", errors);
        var deviceId = Required(request.DeviceId, "deviceId", errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The reward claim is not valid.");
        }

        var ip = ClientAddress.Of(context, scanOptions.Value.TrustForwardedFor);
        var outcome = await rewards.ClaimAsync(check.Gtin!, check.Serial!, accountId!, deviceId!, ip, cancellationToken);
        switch (outcome.Kind)
        {
            case RewardOutcomeKind.Granted:
                var c = outcome.Claim!;
                return TypedResults.Created((string?)null, new RewardClaimResponse(c.ClaimId, new RewardUnit(c.Gtin, c.Serial), c.Points, c.ClaimedAt));
            case RewardOutcomeKind.AlreadyClaimed:
                return Refusal(StatusCodes.Status409Conflict, "Reward already claimed", outcome, "already_claimed");
            case RewardOutcomeKind.NotSold:
                return Refusal(StatusCodes.Status403Forbidden, "Product not sold at retail", outcome, "not_sold");
            default:
                var seconds = (long)Math.Ceiling(options.Value.RateWindow.TotalSeconds);
                context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                return Refusal(StatusCodes.Status429TooManyRequests, "Too many reward claims", outcome, "abnormal_rate");
        }
    }

    private static IResult Refusal(int status, string title, RewardOutcome outcome, string refusal) =>
        Results.Problem(outcome.Reason, statusCode: status, title: title, extensions: new Dictionary<string, object?>
        {
            ["refusal"] = refusal,
            ["alertRaised"] = outcome.AlertId is not null,
        });

    private static string? Required(string? value, string field, Dictionary<string, string[]> errors)
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            errors[field] = [$"{field} is required."];
            return null;
        }

        if (trimmed.Length > MaxIdLength)
        {
            errors[field] = [$"{field} is {trimmed.Length} characters; at most {MaxIdLength}."];
            return null;
        }

        return trimmed;
    }
}
