using Traceability.CentralApi.PriceWatch;
using Traceability.CentralApi.Storage;

namespace Traceability.CentralApi.Tests.PriceWatch;

public sealed class PriceTiersTests
{
    // List price 1000, cost 600 (the default ratio 0.6). Tiers are strict: exactly at a boundary is the milder tier.
    [Theory]
    [InlineData("1000", null)]
    [InlineData("850", null)]
    [InlineData("849.99", PriceTier.Under15)]
    [InlineData("700", PriceTier.Under15)]
    [InlineData("699.99", PriceTier.Under30)]
    [InlineData("600", PriceTier.Under30)]
    [InlineData("599.99", PriceTier.BelowCost)]
    public void A_price_falls_in_the_tier_its_discount_passes(string price, PriceTier? tier)
    {
        var cost = PriceTiers.Cost(1000m, 0.6m);

        Assert.Equal(tier, PriceTiers.Classify(decimal.Parse(price, System.Globalization.CultureInfo.InvariantCulture), 1000m, cost));
    }

    [Fact]
    public void Below_cost_wins_over_the_percentage_tiers_when_the_cost_is_high()
    {
        var cost = PriceTiers.Cost(1000m, 0.9m);

        Assert.Equal(PriceTier.BelowCost, PriceTiers.Classify(880m, 1000m, cost));
        Assert.Equal(900m, cost);
    }
}
