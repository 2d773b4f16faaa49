namespace Traceability.CentralApi.Storage;

/// <summary>
/// Scan rewards (docs/rewards.md): the one claim each unit may have, and every claim attempt for the rate checks.
/// Implemented by each central store over its own database.
/// </summary>
public interface IRewardStore
{
    /// <summary>Claim attempts since <paramref name="since"/> by the account, the device and the IP address (indexed ranges).</summary>
    Task<ClaimRates> GetClaimRatesAsync(string accountId, string deviceId, string? ipAddress, DateTimeOffset since, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records the attempt and, when <paramref name="claim"/> is given, the unit's claim, in one transaction. The claim is
    /// unique per unit: of concurrent claims exactly one is stored.
    /// </summary>
    /// <returns>True when <paramref name="claim"/> was stored (false: the unit already had one, or no claim given).</returns>
    Task<bool> RecordClaimAttemptAsync(ClaimAttempt attempt, RewardClaim? claim, CancellationToken cancellationToken = default);

    /// <summary>The unit's claim, or null.</summary>
    Task<RewardClaim?> GetClaimAsync(string gtin, string serial, CancellationToken cancellationToken = default);
}

/// <summary>A granted reward: one per unit.</summary>
public sealed record RewardClaim(
    Guid ClaimId, string Gtin, string Serial, string AccountId, string DeviceId, string? IpAddress, int Points, DateTimeOffset ClaimedAt);

/// <summary>One claim attempt and what became of it (granted, already_claimed, not_sold, abnormal_rate, unknown_serial).</summary>
public sealed record ClaimAttempt(
    Guid AttemptId, string Gtin, string Serial, string AccountId, string DeviceId, string? IpAddress, DateTimeOffset AttemptedAt, string Outcome);

/// <summary>Claim attempts in the rate window by one account, device and IP address.</summary>
public sealed record ClaimRates(long Account, long Device, long Ip);
