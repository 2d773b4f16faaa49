using Traceability.CentralApi.Catalog;
using Traceability.CentralApi.Warranty;

namespace Traceability.CentralApi.Tests.Warranty;

public sealed class WarrantyRulesTests
{
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
    private static readonly WarrantyPolicy ThreeGuarantees = new(12, 7, 15);

    [Theory]
    [InlineData("2027-01-31", 1, "2027-02-28")]
    [InlineData("2028-01-31", 1, "2028-02-29")]
    [InlineData("2028-02-29", 12, "2029-02-28")]
    [InlineData("2028-02-29", 48, "2032-02-29")]
    [InlineData("2026-08-31", 1, "2026-09-30")]
    [InlineData("2026-03-15", 12, "2027-03-15")]
    public void The_term_ends_on_the_same_day_number_or_the_last_day_of_a_shorter_month(string start, int months, string end)
    {
        var decision = Decide(new WarrantyPolicy(months), Invoice(start), DateOnly.Parse(start, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(DateOnly.Parse(end, System.Globalization.CultureInfo.InvariantCulture), decision.End);
        Assert.Equal(DateOnly.Parse(end, System.Globalization.CultureInfo.InvariantCulture), decision.Repair.LastDay);
    }

    [Theory]
    [InlineData(0, true, true)]
    [InlineData(7, true, true)]
    [InlineData(8, false, true)]
    [InlineData(15, false, true)]
    [InlineData(16, false, false)]
    public void Return_runs_seven_days_and_exchange_fifteen_after_the_start_day(int daysAfter, bool returnApplies, bool exchangeApplies)
    {
        var start = new DateOnly(2026, 12, 28);

        var decision = Decide(ThreeGuarantees, Invoice("2026-12-28"), start.AddDays(daysAfter));

        Assert.Equal(new DateOnly(2027, 1, 4), decision.Return.LastDay);
        Assert.Equal(new DateOnly(2027, 1, 12), decision.Exchange.LastDay);
        Assert.Equal(returnApplies, decision.Return.Applies);
        Assert.Equal(exchangeApplies, decision.Exchange.Applies);
        Assert.True(decision.Repair.Applies);
    }

    [Fact]
    public void Repair_applies_on_the_last_day_of_the_term_and_not_the_day_after()
    {
        var facts = Invoice("2026-03-15");

        Assert.True(Decide(ThreeGuarantees, facts, new DateOnly(2027, 3, 15)).Repair.Applies);
        var after = Decide(ThreeGuarantees, facts, new DateOnly(2027, 3, 16));
        Assert.False(after.Repair.Applies);
        Assert.True(after.Expired);
    }

    [Fact]
    public void A_sale_late_in_the_evening_in_shenzhen_starts_on_the_local_day_not_the_utc_day()
    {
        var saleOut = new DateTimeOffset(2026, 3, 1, 16, 30, 0, TimeSpan.Zero); // 00:30 on 2 March in Shanghai

        var decision = Decide(ThreeGuarantees, new WarrantyFacts(SaleOut: saleOut), new DateOnly(2026, 3, 2));

        Assert.Equal(new DateOnly(2026, 3, 2), decision.Start);
        Assert.Equal(new DateOnly(2026, 3, 1), WarrantyRules.LocalDate(saleOut, TimeZoneInfo.Utc));
    }

    [Fact]
    public void The_start_rule_prefers_invoice_then_sale_out_then_activation_then_ship_then_commissioning_plus_grace()
    {
        var commissioned = new DateTimeOffset(2026, 1, 10, 2, 0, 0, TimeSpan.Zero);
        var shipped = new DateTimeOffset(2026, 2, 10, 2, 0, 0, TimeSpan.Zero);
        var activated = new DateTimeOffset(2026, 4, 10, 2, 0, 0, TimeSpan.Zero);
        var sold = new DateTimeOffset(2026, 4, 5, 2, 0, 0, TimeSpan.Zero);
        var all = new WarrantyFacts(sold, activated, shipped, commissioned, new DateOnly(2026, 4, 3));

        Assert.Equal((new DateOnly(2026, 4, 3), WarrantyRule.Invoice), WarrantyRules.Start(all, Shanghai, 30));
        Assert.Equal((new DateOnly(2026, 4, 5), WarrantyRule.SaleOut), WarrantyRules.Start(all with { InvoiceDate = null }, Shanghai, 30));
        Assert.Equal((new DateOnly(2026, 4, 10), WarrantyRule.Activation), WarrantyRules.Start(all with { InvoiceDate = null, SaleOut = null }, Shanghai, 30));
        Assert.Equal((new DateOnly(2026, 3, 12), WarrantyRule.ShipGrace), WarrantyRules.Start(new WarrantyFacts(Shipped: shipped, Commissioned: commissioned), Shanghai, 30));
        Assert.Equal((new DateOnly(2026, 2, 9), WarrantyRule.CommissioningGrace), WarrantyRules.Start(new WarrantyFacts(Commissioned: commissioned), Shanghai, 30));
        Assert.Null(WarrantyRules.Start(WarrantyFacts.None, Shanghai, 30));
        Assert.Null(WarrantyRules.Decide(ThreeGuarantees, WarrantyFacts.None, new DateOnly(2026, 1, 1), Shanghai, 30));
    }

    [Theory]
    [InlineData(-1, "Asia/Shanghai", "ShipGraceDays")]
    [InlineData(366, "Asia/Shanghai", "ShipGraceDays")]
    [InlineData(30, "Mars/Olympus_Mons", "TimeZone 'Mars/Olympus_Mons'")]
    [InlineData(30, " ", "TimeZone is empty")]
    public void Bad_warranty_options_are_refused_naming_the_setting(int graceDays, string timeZone, string named)
    {
        var result = new WarrantyOptionsValidator().Validate(null, new WarrantyOptions { ShipGraceDays = graceDays, TimeZone = timeZone });

        Assert.True(result.Failed);
        Assert.Contains("Warranty:" + named, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void The_default_warranty_options_are_valid() =>
        Assert.True(new WarrantyOptionsValidator().Validate(null, new WarrantyOptions()).Succeeded);

    private static WarrantyFacts Invoice(string date) => new(InvoiceDate: DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture));

    private static WarrantyDecision Decide(WarrantyPolicy policy, WarrantyFacts facts, DateOnly today) =>
        WarrantyRules.Decide(policy, facts, today, Shanghai, 90) ?? throw new InvalidOperationException("No decision.");
}
