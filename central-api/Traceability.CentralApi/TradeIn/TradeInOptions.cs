namespace Traceability.CentralApi.TradeIn;

/// <summary>How trade-ins are priced and where old units go (section <c>TradeIn</c>); docs/tradein.md.</summary>
public sealed class TradeInOptions
{
    public const string Section = "TradeIn";

    /// <summary>The curve used when neither the model nor <see cref="Curve"/> configures one.</summary>
    public static IReadOnlyList<TradeInCurvePoint> DefaultCurve { get; } =
    [
        new() { AgeMonths = 0, ResidualPercent = 85 },
        new() { AgeMonths = 12, ResidualPercent = 60 },
        new() { AgeMonths = 24, ResidualPercent = 45 },
        new() { AgeMonths = 36, ResidualPercent = 30 },
        new() { AgeMonths = 60, ResidualPercent = 15 },
    ];

    /// <summary>How long a quote can be accepted; 72 hours by default (1 minute to 30 days).</summary>
    public TimeSpan QuoteLifetime { get; set; } = TimeSpan.FromHours(72);

    /// <summary>
    /// Age in months → residual percent of the list price, interpolated linearly between points and flat after the last.
    /// Null: <see cref="DefaultCurve"/>. (Null rather than a list with defaults: the binder appends to lists.)
    /// </summary>
    public List<TradeInCurvePoint>? Curve { get; set; }

    /// <summary>Multiplier per condition grade A (as new) … D (heavily worn), each 0 to 1.</summary>
    public Dictionary<string, decimal> ConditionMultipliers { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["A"] = 1.00m,
        ["B"] = 0.85m,
        ["C"] = 0.60m,
        ["D"] = 0.30m,
    };

    /// <summary>Deducted per recorded repair, in percent of the list price.</summary>
    public decimal RepairDeductionPercent { get; set; } = 5m;

    /// <summary>Added per whole month of warranty left, in percent of the list price.</summary>
    public decimal WarrantyBonusPercentPerMonth { get; set; } = 0.5m;

    /// <summary>Multiplier for a diverted unit (0 to 1): diverted units are quoted, reduced and flagged.</summary>
    public decimal DivertedMultiplier { get; set; } = 0.5m;

    /// <summary>The least a quote offers, in percent of the list price.</summary>
    public decimal FloorPercent { get; set; } = 5m;

    /// <summary>The recycling category of a model that does not name one.</summary>
    public string DefaultCategory { get; set; } = "electronics";

    /// <summary>Per model name (as in the catalog, case-insensitive): a curve, deduction, floor and category of its own.</summary>
    public Dictionary<string, TradeInModelOptions> Models { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Recyclers, in order of preference: the first serving the unit's region and category gets it.</summary>
    public List<TradeInRecycler> Recyclers { get; set; } = [];

    /// <summary>The terms for <paramref name="model"/>: its overrides over the defaults.</summary>
    public TradeInTerms TermsFor(string model)
    {
        Models.TryGetValue(model, out var own);
        return new TradeInTerms(
            own?.Curve is { Count: > 0 } c ? c : Curve is { Count: > 0 } g ? g : DefaultCurve,
            ConditionMultipliers,
            own?.RepairDeductionPercent ?? RepairDeductionPercent,
            WarrantyBonusPercentPerMonth,
            DivertedMultiplier,
            own?.FloorPercent ?? FloorPercent,
            own?.Category ?? DefaultCategory,
            own is not null);
    }
}

/// <summary>One point of a depreciation curve.</summary>
public sealed class TradeInCurvePoint
{
    public int AgeMonths { get; set; }

    public decimal ResidualPercent { get; set; }
}

/// <summary>A model's own terms (section <c>TradeIn:Models:{model}</c>); what is left out comes from <see cref="TradeInOptions"/>.</summary>
public sealed class TradeInModelOptions
{
    public List<TradeInCurvePoint>? Curve { get; set; }

    public decimal? RepairDeductionPercent { get; set; }

    public decimal? FloorPercent { get; set; }

    public string? Category { get; set; }
}

/// <summary>A recycler (section <c>TradeIn:Recyclers:n</c>).</summary>
public sealed class TradeInRecycler
{
    public string Id { get; set; } = "";

    /// <summary>Region codes it collects in (a unit anywhere inside one of them).</summary>
    public List<string> Regions { get; set; } = [];

    /// <summary>Categories it takes; <c>*</c> takes every category.</summary>
    public List<string> Categories { get; set; } = [];
}

/// <summary>The pricing terms in force for one model.</summary>
public sealed record TradeInTerms(
    IReadOnlyList<TradeInCurvePoint> Curve,
    IReadOnlyDictionary<string, decimal> ConditionMultipliers,
    decimal RepairDeductionPercent,
    decimal WarrantyBonusPercentPerMonth,
    decimal DivertedMultiplier,
    decimal FloorPercent,
    string Category,
    bool ModelOverride);
