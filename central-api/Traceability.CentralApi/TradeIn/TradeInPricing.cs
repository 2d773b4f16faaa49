using System.Globalization;

namespace Traceability.CentralApi.TradeIn;

/// <summary>What a quote is priced from.</summary>
/// <param name="ListPrice">The product's list price.</param>
/// <param name="AgeMonths">Whole months since the warranty start (or commissioning).</param>
/// <param name="Condition">A, B, C or D.</param>
/// <param name="Repairs">Repairs on record.</param>
/// <param name="WarrantyMonthsLeft">Whole months of warranty left (0 when expired).</param>
/// <param name="Diverted">True when the unit was found outside its dealer's regions.</param>
public sealed record TradeInInputs(decimal ListPrice, int AgeMonths, string Condition, int Repairs, int WarrantyMonthsLeft, bool Diverted);

/// <summary>One step of a valuation: what it looked at, how it changed the value, and the value after it.</summary>
/// <param name="Factor">listPrice, age, condition, repairs, warranty, diversion or floor.</param>
/// <param name="Detail">Why, in words.</param>
/// <param name="Effect">The change (the list price for the first step); the effects add up to the value.</param>
/// <param name="ValueAfter">The value after this step.</param>
public sealed record TradeInFactor(string Factor, string Detail, decimal Effect, decimal ValueAfter);

/// <summary>
/// The depreciation curve applied step by step (docs/tradein.md). Pure: no I/O, no clock. Every step rounds to cents, so
/// the effects add up to the value exactly.
/// </summary>
public static class TradeInPricing
{
    /// <summary>The condition grades, best first.</summary>
    public static IReadOnlyList<string> Grades { get; } = ["A", "B", "C", "D"];

    /// <summary>The residual percent of the list price at <paramref name="ageMonths"/> on <paramref name="curve"/>.</summary>
    public static decimal Residual(IReadOnlyList<TradeInCurvePoint> curve, int ageMonths)
    {
        ArgumentNullException.ThrowIfNull(curve);
        if (ageMonths <= curve[0].AgeMonths)
        {
            return curve[0].ResidualPercent;
        }

        for (var i = 1; i < curve.Count; i++)
        {
            var (a, b) = (curve[i - 1], curve[i]);
            if (ageMonths <= b.AgeMonths)
            {
                var t = (decimal)(ageMonths - a.AgeMonths) / (b.AgeMonths - a.AgeMonths);
                return Math.Round(a.ResidualPercent + ((b.ResidualPercent - a.ResidualPercent) * t), 4);
            }
        }

        return curve[^1].ResidualPercent;
    }

    /// <summary>Prices <paramref name="inputs"/> under <paramref name="terms"/>; the last factor's value is the offer.</summary>
    public static IReadOnlyList<TradeInFactor> Price(TradeInTerms terms, TradeInInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(terms);
        ArgumentNullException.ThrowIfNull(inputs);
        var list = inputs.ListPrice;
        var factors = new List<TradeInFactor> { new("listPrice", "The product's list price.", list, list) };
        var value = list;

        void Step(string factor, string detail, decimal after)
        {
            after = Cents(after);
            factors.Add(new TradeInFactor(factor, detail, after - value, after));
            value = after;
        }

        var residual = Residual(terms.Curve, inputs.AgeMonths);
        Step("age", F($"{inputs.AgeMonths} months old: {residual}% of the list price remains."), list * residual / 100);

        var multiplier = terms.ConditionMultipliers[inputs.Condition];
        Step("condition", F($"Condition {inputs.Condition}: × {multiplier}."), value * multiplier);

        var perRepair = Cents(list * terms.RepairDeductionPercent / 100);
        Step(
            "repairs",
            inputs.Repairs == 0 ? "No repairs on record." : F($"{inputs.Repairs} repair(s) on record: {perRepair} ({terms.RepairDeductionPercent}% of the list price) each."),
            value - (perRepair * inputs.Repairs));

        var perMonth = Cents(list * terms.WarrantyBonusPercentPerMonth / 100);
        Step(
            "warranty",
            inputs.WarrantyMonthsLeft == 0 ? "No warranty left." : F($"{inputs.WarrantyMonthsLeft} month(s) of warranty left: {perMonth} each."),
            value + (perMonth * inputs.WarrantyMonthsLeft));

        Step(
            "diversion",
            inputs.Diverted ? F($"Diverted (found outside its dealer's regions): × {terms.DivertedMultiplier}.") : "Sold through its authorized channel.",
            inputs.Diverted ? value * terms.DivertedMultiplier : value);

        var floor = Cents(list * terms.FloorPercent / 100);
        Step(
            "floor",
            value < floor ? F($"Raised to the floor, {terms.FloorPercent}% of the list price.") : F($"Above the floor ({floor})."),
            Math.Max(value, floor));
        return factors;
    }

    /// <summary>Whole months from <paramref name="from"/> to <paramref name="to"/> (0 when <paramref name="to"/> is earlier).</summary>
    public static int WholeMonths(DateOnly from, DateOnly to)
    {
        var months = ((to.Year - from.Year) * 12) + to.Month - from.Month - (to.Day < from.Day ? 1 : 0);
        return Math.Max(0, months);
    }

    private static decimal Cents(decimal amount) => Math.Round(amount, 2, MidpointRounding.AwayFromZero);

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
