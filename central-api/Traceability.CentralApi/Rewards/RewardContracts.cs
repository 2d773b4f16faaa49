namespace Traceability.CentralApi.Rewards;

/// <summary>The body of <c>POST /api/rewards/claims</c>: the scanned code, the consumer's account and device.</summary>
public sealed record RewardClaimRequest(string? Code, string? AccountId, string? DeviceId);

/// <summary>A granted reward (201).</summary>
public sealed record RewardClaimResponse(Guid ClaimId, RewardUnit Unit, int Points, DateTimeOffset ClaimedAt);

/// <summary>The unit a reward was claimed for.</summary>
public sealed record RewardUnit(string Gtin, string Serial);

/// <summary>What a claim came to.</summary>
public enum RewardOutcomeKind
{
    /// <summary>Granted: the unit's one claim.</summary>
    Granted,

    /// <summary>The unit's reward was claimed before.</summary>
    AlreadyClaimed,

    /// <summary>The unit was never sold at retail (or central does not know it): refused, alerted.</summary>
    NotSold,

    /// <summary>The account, device or IP address claims at an abnormal rate: refused, alerted.</summary>
    AbnormalRate,
}

/// <summary>The outcome of <see cref="RewardService.ClaimAsync"/>.</summary>
/// <param name="Kind">What happened.</param>
/// <param name="Claim">The granted claim (with <see cref="RewardOutcomeKind.Granted"/>).</param>
/// <param name="Reason">Why it was refused, for people.</param>
/// <param name="AlertId">The reward-fraud alert raised, or null.</param>
public sealed record RewardOutcome(RewardOutcomeKind Kind, Storage.RewardClaim? Claim, string? Reason, Guid? AlertId);

/// <summary>The evidence of a reward-fraud alert.</summary>
public sealed record RewardFraudEvidence(
    string Refusal, string Gtin, string Serial, string AccountId, string DeviceId, string? IpAddress, DateTimeOffset AttemptedAt,
    long? AccountClaims, long? DeviceClaims, long? IpClaims, TimeSpan? RateWindow);
