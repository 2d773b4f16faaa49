using Microsoft.Extensions.Options;
using Traceability.Core.Regions;

namespace Traceability.CentralApi.TradeIn;

internal sealed class TradeInOptionsValidator : IValidateOptions<TradeInOptions>
{
    public ValidateOptionsResult Validate(string? name, TradeInOptions options)
    {
        var problems = new List<string>();
        if (options.QuoteLifetime < TimeSpan.FromMinutes(1) || options.QuoteLifetime > TimeSpan.FromDays(30))
        {
            problems.Add($"TradeIn:QuoteLifetime is {options.QuoteLifetime}; it must be 00:01:00 to 30.00:00:00.");
        }

        CheckCurve("TradeIn:Curve", options.Curve, problems);
        foreach (var grade in TradeInPricing.Grades)
        {
            if (!options.ConditionMultipliers.TryGetValue(grade, out var m) || m < 0 || m > 1)
            {
                problems.Add($"TradeIn:ConditionMultipliers:{grade} must be set, 0 to 1.");
            }
        }

        Percent("TradeIn:RepairDeductionPercent", options.RepairDeductionPercent, problems);
        Percent("TradeIn:WarrantyBonusPercentPerMonth", options.WarrantyBonusPercentPerMonth, problems);
        Percent("TradeIn:FloorPercent", options.FloorPercent, problems);
        if (options.DivertedMultiplier is < 0 or > 1)
        {
            problems.Add($"TradeIn:DivertedMultiplier is {options.DivertedMultiplier}; it must be 0 to 1.");
        }

        if (string.IsNullOrWhiteSpace(options.DefaultCategory))
        {
            problems.Add("TradeIn:DefaultCategory is empty.");
        }

        foreach (var (model, terms) in options.Models)
        {
            CheckCurve($"TradeIn:Models:{model}:Curve", terms.Curve, problems);
            if (terms.RepairDeductionPercent is { } r)
            {
                Percent($"TradeIn:Models:{model}:RepairDeductionPercent", r, problems);
            }

            if (terms.FloorPercent is { } f)
            {
                Percent($"TradeIn:Models:{model}:FloorPercent", f, problems);
            }
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < options.Recyclers.Count; i++)
        {
            var recycler = options.Recyclers[i];
            if (string.IsNullOrWhiteSpace(recycler.Id) || !ids.Add(recycler.Id))
            {
                problems.Add($"TradeIn:Recyclers:{i}:Id is empty or repeated.");
            }

            if (recycler.Regions.Count == 0 || recycler.Regions.Any(r => !RegionCode.TryParse(r, out _)))
            {
                problems.Add($"TradeIn:Recyclers:{i}:Regions must list region codes (e.g. CN-440000).");
            }

            if (recycler.Categories.Count == 0 || recycler.Categories.Any(string.IsNullOrWhiteSpace))
            {
                problems.Add($"TradeIn:Recyclers:{i}:Categories must list categories (or *).");
            }
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    private static void CheckCurve(string key, List<TradeInCurvePoint>? curve, List<string> problems)
    {
        if (curve is null or { Count: 0 })
        {
            return;
        }

        if (curve[0].AgeMonths != 0)
        {
            problems.Add($"{key} must start at AgeMonths 0.");
        }

        for (var i = 0; i < curve.Count; i++)
        {
            Percent($"{key}:{i}:ResidualPercent", curve[i].ResidualPercent, problems);
            if (i > 0 && (curve[i].AgeMonths <= curve[i - 1].AgeMonths || curve[i].ResidualPercent > curve[i - 1].ResidualPercent))
            {
                problems.Add($"{key}:{i} must be older than the point before it and not worth more.");
            }
        }
    }

    private static void Percent(string key, decimal value, List<string> problems)
    {
        if (value is < 0 or > 100)
        {
            problems.Add($"{key} is {value}; it must be 0 to 100.");
        }
    }
}
