using Microsoft.Extensions.Options;
using Traceability.Core.Gs1;

namespace Traceability.CentralApi.PriceWatch;

/// <summary>Price watch (section <c>PriceWatch</c>; docs/pricewatch.md).</summary>
public sealed class PriceWatchOptions
{
    public const string Section = "PriceWatch";

    /// <summary>Platform store names that belong to authorized dealers. A store not listed here is unauthorized.</summary>
    public IList<AuthorizedStore> AuthorizedStores { get; } = [];

    /// <summary>SKU → GTIN (14 digits), for listings that name a SKU instead of a GTIN.</summary>
    public IDictionary<string, string> Skus { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>A product's cost as a share of its list price, above 0 and at most 1 (0.6 by default).</summary>
    public decimal CostRatio { get; set; } = 0.6m;

    /// <summary>Score weight of one unit activated out of its dealer's regions (1 by default).</summary>
    public int ActivationWeight { get; set; } = 1;

    /// <summary>Score weight of one inspector diversion finding (3 by default).</summary>
    public int InspectionWeight { get; set; } = 3;

    /// <summary>Score weight of one test-buy unit traced to the dealer (5 by default).</summary>
    public int TestBuyWeight { get; set; } = 5;

    /// <summary>The IANA time zone whose calendar day bounds alert dedup (one alert per platform, store and GTIN a day).</summary>
    public string TimeZone { get; set; } = "Asia/Shanghai";

    /// <summary>The most listings one import takes (5000 by default, at most 50000).</summary>
    public int MaxListingsPerImport { get; set; } = 5000;
}

/// <summary>A platform store that belongs to a dealer.</summary>
public sealed class AuthorizedStore
{
    /// <summary>The platform, e.g. "tmall" (case-insensitive).</summary>
    public string Platform { get; set; } = "";

    /// <summary>The store's name on the platform (case-insensitive).</summary>
    public string Store { get; set; } = "";

    /// <summary>The dealer that runs it.</summary>
    public string DealerId { get; set; } = "";
}

internal sealed class PriceWatchOptionsValidator : IValidateOptions<PriceWatchOptions>
{
    public ValidateOptionsResult Validate(string? name, PriceWatchOptions options)
    {
        var failures = new List<string>();
        for (var i = 0; i < options.AuthorizedStores.Count; i++)
        {
            var store = options.AuthorizedStores[i];
            if (string.IsNullOrWhiteSpace(store.Platform) || string.IsNullOrWhiteSpace(store.Store) || string.IsNullOrWhiteSpace(store.DealerId))
            {
                failures.Add($"PriceWatch:AuthorizedStores:{i} needs Platform, Store and DealerId.");
            }
        }

        var duplicates = options.AuthorizedStores
            .GroupBy(s => (Storage.PriceWatchArguments.Key(s.Platform), Storage.PriceWatchArguments.Key(s.Store)))
            .Where(g => g.Select(s => s.DealerId).Distinct(StringComparer.Ordinal).Count() > 1);
        foreach (var duplicate in duplicates)
        {
            failures.Add($"PriceWatch:AuthorizedStores maps store '{duplicate.Key.Item2}' on '{duplicate.Key.Item1}' to more than one dealer.");
        }

        foreach (var (sku, gtin) in options.Skus)
        {
            if (!Gtin.TryParse(gtin, out _))
            {
                failures.Add($"PriceWatch:Skus:{sku} is '{gtin}', not a GTIN (14 digits with a valid check digit).");
            }
        }

        if (options.CostRatio is <= 0 or > 1)
        {
            failures.Add($"PriceWatch:CostRatio is {options.CostRatio}; it must be above 0 and at most 1.");
        }

        if (options.ActivationWeight < 0 || options.InspectionWeight < 0 || options.TestBuyWeight < 0)
        {
            failures.Add("PriceWatch weights (ActivationWeight, InspectionWeight, TestBuyWeight) cannot be negative.");
        }

        if (options.MaxListingsPerImport is < 1 or > 50_000)
        {
            failures.Add($"PriceWatch:MaxListingsPerImport is {options.MaxListingsPerImport}; it must be 1 to 50000.");
        }

        if (string.IsNullOrWhiteSpace(options.TimeZone) || !TimeZoneInfo.TryFindSystemTimeZoneById(options.TimeZone, out _))
        {
            failures.Add($"PriceWatch:TimeZone '{options.TimeZone}' is not a time zone this machine knows (an IANA id such as Asia/Shanghai).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
