using Traceability.CentralApi.Storage;

namespace Traceability.CentralApi.PriceWatch;

/// <summary>
/// Which tier a price falls in. Tiers are strict: a price exactly 15 % under the list price is not a violation, one
/// cent less is; exactly 30 % under is the −15 % tier; exactly the cost is not below cost. The most severe tier wins.
/// </summary>
public static class PriceTiers
{
    /// <summary>The share of the list price under which the −15 % tier starts.</summary>
    public const decimal Under15Floor = 0.85m;

    /// <summary>The share of the list price under which the −30 % tier starts.</summary>
    public const decimal Under30Floor = 0.70m;

    /// <summary>The tier of <paramref name="price"/> against the list price and cost, or null when it is in none.</summary>
    public static PriceTier? Classify(decimal price, decimal listPrice, decimal cost)
    {
        if (price < cost)
        {
            return PriceTier.BelowCost;
        }

        if (price < listPrice * Under30Floor)
        {
            return PriceTier.Under30;
        }

        return price < listPrice * Under15Floor ? PriceTier.Under15 : null;
    }

    /// <summary>The cost of a product: its list price times the configured ratio, to 4 decimals.</summary>
    public static decimal Cost(decimal listPrice, decimal costRatio) =>
        PriceWatchArguments.Normal(decimal.Round(listPrice * costRatio, 4, MidpointRounding.AwayFromZero));

    /// <summary>The tier as the API spells it.</summary>
    public static string? Name(PriceTier? tier) => PriceWatchArguments.Stored(tier);

    /// <summary>The tier the API spelling names, or false.</summary>
    public static bool TryParse(string text, out PriceTier tier)
    {
        tier = default;
        switch (text)
        {
            case "under_15": tier = PriceTier.Under15; return true;
            case "under_30": tier = PriceTier.Under30; return true;
            case "below_cost": tier = PriceTier.BelowCost; return true;
            default: return false;
        }
    }
}
