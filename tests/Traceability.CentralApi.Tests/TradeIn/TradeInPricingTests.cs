using Traceability.CentralApi.TradeIn;

namespace Traceability.CentralApi.Tests.TradeIn;

public sealed class TradeInPricingTests
{
    private static readonly TradeInTerms Defaults = new TradeInOptions().TermsFor("any");

    [Fact]
    public void Each_factor_is_applied_in_order_and_the_effects_add_up_to_the_value()
    {
        var factors = TradeInPricing.Price(Defaults, new TradeInInputs(1000m, 6, "B", 2, 4, false));

        // 6 months: halfway from 85% to 60% = 72.5% → 725.00; B × 0.85 → 616.25; 2 repairs × 50.00 → 516.25;
        // 4 warranty months × 5.00 → 536.25; authorized; above the floor of 50.00.
        Assert.Equal(["listPrice", "age", "condition", "repairs", "warranty", "diversion", "floor"], factors.Select(f => f.Factor));
        Assert.Equal([1000m, 725.00m, 616.25m, 516.25m, 536.25m, 536.25m, 536.25m], factors.Select(f => f.ValueAfter));
        Assert.Equal([1000m, -275.00m, -108.75m, -100.00m, 20.00m, 0m, 0m], factors.Select(f => f.Effect));
        Assert.Equal(factors[^1].ValueAfter, factors.Sum(f => f.Effect));
    }

    [Fact]
    public void A_diverted_unit_is_reduced_and_a_worn_out_one_is_raised_to_the_floor()
    {
        var diverted = TradeInPricing.Price(Defaults, new TradeInInputs(999.99m, 0, "A", 0, 0, true));
        var worn = TradeInPricing.Price(Defaults, new TradeInInputs(1000m, 80, "D", 3, 0, false));

        // 999.99 × 85% = 849.9915 → 849.99; × 0.5 = 424.995 → 425.00 (cents, half away from zero).
        Assert.Equal(425.00m, diverted[^1].ValueAfter);
        Assert.Equal(-424.99m, diverted.Single(f => f.Factor == "diversion").Effect);
        // 80 months: flat 15% → 150.00; D × 0.3 → 45.00; 3 repairs → -105.00; floor 50.00.
        Assert.Equal(50.00m, worn[^1].ValueAfter);
        Assert.Equal(155.00m, worn.Single(f => f.Factor == "floor").Effect);
        Assert.All([diverted, worn], f => Assert.Equal(f[^1].ValueAfter, f.Sum(x => x.Effect)));
    }

    [Fact]
    public void A_model_override_replaces_the_curve_and_keeps_the_rest()
    {
        var options = new TradeInOptions();
        options.Models["W1"] = new TradeInModelOptions { Curve = [new() { AgeMonths = 0, ResidualPercent = 90 }, new() { AgeMonths = 10, ResidualPercent = 40 }], Category = "watch" };

        var terms = options.TermsFor("w1");

        Assert.True(terms.ModelOverride);
        Assert.Equal("watch", terms.Category);
        Assert.Equal(65m, TradeInPricing.Residual(terms.Curve, 5));
        Assert.Equal(40m, TradeInPricing.Residual(terms.Curve, 30));
        Assert.Equal(5m, terms.RepairDeductionPercent);
        Assert.Equal("electronics", options.TermsFor("W2").Category);
    }

    [Theory]
    [InlineData("2026-01-31", "2026-02-28", 0)]
    [InlineData("2026-01-15", "2026-02-15", 1)]
    [InlineData("2025-03-10", "2026-03-09", 11)]
    [InlineData("2026-05-01", "2026-01-01", 0)]
    public void Whole_months_count_full_calendar_months_only(string from, string to, int months) =>
        Assert.Equal(months, TradeInPricing.WholeMonths(DateOnly.Parse(from, System.Globalization.CultureInfo.InvariantCulture), DateOnly.Parse(to, System.Globalization.CultureInfo.InvariantCulture)));
}
