using System.Net;
using Microsoft.Extensions.Options;
using Traceability.CentralApi.Alerts;
using Traceability.CentralApi.Storage;

namespace Traceability.CentralApi.Rewards;

/// <summary>
/// Scan rewards (docs/rewards.md): a consumer who scanned a genuine unit after its retail sale claims its reward once.
/// Checks in order: the rates of the account, device and IP address (abnormal: refused, alerted), the retail sale (none:
/// refused, alerted: a dealer opening cases to harvest rewards), then the unit's one claim (the store's unique key
/// decides between concurrent claims). Every attempt is recorded for the rates.
/// </summary>
public sealed class RewardService(
    IRewardStore store, IChannelStore channel, AlertService alerts, TimeProvider time, IOptions<RewardOptions> options, ILogger<RewardService> logger)
{
    /// <summary>Claims the reward of a unit whose code has been verified.</summary>
    public async Task<RewardOutcome> ClaimAsync(string gtin, string serial, string accountId, string deviceId, IPAddress? ip, CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        var now = time.GetUtcNow();
        var address = ip?.ToString();
        var attempt = (string outcome) => new ClaimAttempt(Guid.CreateVersion7(now), gtin, serial, accountId, deviceId, address, now, outcome);

        var rates = await store.GetClaimRatesAsync(accountId, deviceId, address, now - settings.RateWindow, cancellationToken);
        var abnormal = new List<string>();
        if (rates.Account >= settings.MaxClaimsPerAccount)
        {
            abnormal.Add($"account {accountId} made {rates.Account} claims");
        }

        if (rates.Device >= settings.MaxClaimsPerDevice)
        {
            abnormal.Add($"device {deviceId} made {rates.Device} claims");
        }

        if (address is not null && rates.Ip >= settings.MaxClaimsPerIp)
        {
            abnormal.Add($"address {address} made {rates.Ip} claims");
        }

        if (abnormal.Count > 0)
        {
            await store.RecordClaimAttemptAsync(attempt("abnormal_rate"), null, cancellationToken);
            var reason = $"Too many reward claims: {string.Join("; ", abnormal)} in the last {settings.RateWindow}.";
            var evidence = new RewardFraudEvidence("abnormal_rate", gtin, serial, accountId, deviceId, address, now, rates.Account, rates.Device, rates.Ip, settings.RateWindow);
            // One open alert per account: a harvester's every further attempt is refused without a new alert.
            var raised = await alerts.RaiseAsync(AlertKind.RewardFraud, $"Reward claims at an abnormal rate: {reason}", evidence, gtin, serial, $"reward_fraud:rate:{accountId}", cancellationToken);
            RewardLog.Refused(logger, gtin, serial, accountId, "abnormal_rate");
            return new RewardOutcome(RewardOutcomeKind.AbnormalRate, null, reason, raised.Alert.AlertId);
        }

        var state = await channel.GetChannelStateAsync(gtin, serial, cancellationToken);
        if (state?.SoldAt is null)
        {
            await store.RecordClaimAttemptAsync(attempt("not_sold"), null, cancellationToken);
            var reason = state is null
                ? "The product was never shipped to a store, so it cannot have been sold to you."
                : $"The product has not been sold at retail yet (it is with dealer {state.Dealer.Id}).";
            var evidence = new RewardFraudEvidence("not_sold", gtin, serial, accountId, deviceId, address, now, null, null, null, null);
            var summary = $"A reward was claimed for {gtin}/{serial}, which was never sold at retail{(state is null ? "" : $" (last shipped to {state.Dealer.Id})")}.";
            var raised = await alerts.RaiseAsync(AlertKind.RewardFraud, summary, evidence, gtin, serial, $"reward_fraud:not_sold:{gtin}:{serial}", cancellationToken);
            RewardLog.Refused(logger, gtin, serial, accountId, "not_sold");
            return new RewardOutcome(RewardOutcomeKind.NotSold, null, reason, raised.Alert.AlertId);
        }

        var claim = new RewardClaim(Guid.CreateVersion7(now), gtin, serial, accountId, deviceId, address, settings.PointsFor(gtin), now);
        if (!await store.RecordClaimAttemptAsync(attempt("granted"), claim, cancellationToken))
        {
            RewardLog.Refused(logger, gtin, serial, accountId, "already_claimed");
            return new RewardOutcome(RewardOutcomeKind.AlreadyClaimed, null, "The reward for this product was already claimed.", null);
        }

        RewardLog.Granted(logger, claim.ClaimId, gtin, serial, accountId, claim.Points);
        return new RewardOutcome(RewardOutcomeKind.Granted, claim, null, null);
    }
}

internal static partial class RewardLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Reward {ClaimId} granted for {Gtin}/{Serial} to {AccountId}: {Points} points")]
    public static partial void Granted(ILogger logger, Guid claimId, string gtin, string serial, string accountId, int points);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reward claim for {Gtin}/{Serial} by {AccountId} refused: {Refusal}")]
    public static partial void Refused(ILogger logger, string gtin, string serial, string accountId, string refusal);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reward claim code refused ({Status}): {Reason}")]
    public static partial void CodeRefused(ILogger logger, Codes.CodeCheckStatus status, string? reason);
}
