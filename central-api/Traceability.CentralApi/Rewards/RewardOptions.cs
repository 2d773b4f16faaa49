using Microsoft.Extensions.Options;

namespace Traceability.CentralApi.Rewards;

/// <summary>Scan rewards (section <c>Rewards</c>; docs/rewards.md).</summary>
public sealed class RewardOptions
{
    public const string Section = "Rewards";

    /// <summary>Points for a unit whose GTIN has no entry in <see cref="Points"/> (default 100).</summary>
    public int DefaultPoints { get; set; } = 100;

    /// <summary>Points per product, keyed by GTIN (14 digits).</summary>
    public Dictionary<string, int> Points { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The window the claim rates are counted over (default one day).</summary>
    public TimeSpan RateWindow { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Claim attempts one account may make in the window; more is abnormal (default 5).</summary>
    public int MaxClaimsPerAccount { get; set; } = 5;

    /// <summary>Claim attempts one device may make in the window (default 5).</summary>
    public int MaxClaimsPerDevice { get; set; } = 5;

    /// <summary>Claim attempts from one IP address in the window (default 20: a household or an office shares one).</summary>
    public int MaxClaimsPerIp { get; set; } = 20;

    /// <summary>The points a unit of <paramref name="gtin"/> earns.</summary>
    public int PointsFor(string gtin) => Points.TryGetValue(gtin, out var points) ? points : DefaultPoints;
}

internal sealed class RewardOptionsValidator : IValidateOptions<RewardOptions>
{
    public ValidateOptionsResult Validate(string? name, RewardOptions options)
    {
        var failures = new List<string>();
        if (options.DefaultPoints < 1)
        {
            failures.Add($"Rewards:DefaultPoints is {options.DefaultPoints}; it must be at least 1.");
        }

        foreach (var (gtin, points) in options.Points)
        {
            if (gtin.Length != 14 || !gtin.All(char.IsAsciiDigit) || points < 1)
            {
                failures.Add($"Rewards:Points:{gtin} is {points}; the key must be a 14-digit GTIN and the points at least 1.");
            }
        }

        if (options.RateWindow <= TimeSpan.Zero || options.RateWindow > TimeSpan.FromDays(31))
        {
            failures.Add($"Rewards:RateWindow is {options.RateWindow}; it must be longer than zero and at most 31 days.");
        }

        foreach (var (setting, value) in new[] { ("MaxClaimsPerAccount", options.MaxClaimsPerAccount), ("MaxClaimsPerDevice", options.MaxClaimsPerDevice), ("MaxClaimsPerIp", options.MaxClaimsPerIp) })
        {
            if (value < 1)
            {
                failures.Add($"Rewards:{setting} is {value}; it must be at least 1.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
