using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Traceability.CentralApi.Alerts;
using Traceability.CentralApi.Storage;

namespace Traceability.CentralApi.PriceWatch;

/// <summary>The outcome of an import: the answer, or the errors (then nothing was stored).</summary>
internal sealed record ListingImportOutcome(ListingImportResponse? Response, Dictionary<string, string[]> Errors);

/// <summary>Imports listings (validate all, classify, trace test buys, store, alert) and builds the dealer ranking.</summary>
public sealed class PriceWatchService
{
    private readonly IPriceWatchStore _store;
    private readonly IProductCatalog _catalog;
    private readonly IChannelStore _channel;
    private readonly IInspectionStore _inspections;
    private readonly AlertService _alerts;
    private readonly IOptions<PriceWatchOptions> _options;
    private readonly TimeProvider _time;
    private readonly ILogger<PriceWatchService> _logger;

    internal PriceWatchService(
        IPriceWatchStore store, IProductCatalog catalog, IChannelStore channel, IInspectionStore inspections, AlertService alerts,
        IOptions<PriceWatchOptions> options, TimeProvider time, ILogger<PriceWatchService> logger)
    {
        _store = store;
        _catalog = catalog;
        _channel = channel;
        _inspections = inspections;
        _alerts = alerts;
        _options = options;
        _time = time;
        _logger = logger;
    }

    internal async Task<ListingImportOutcome> ImportAsync(IReadOnlyList<ListingRow> rows, CancellationToken cancellationToken)
    {
        var options = _options.Value;
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (rows.Count > options.MaxListingsPerImport)
        {
            errors["body"] = [$"{rows.Count} listings; one import takes at most {options.MaxListingsPerImport}."];
            return new(null, errors);
        }

        var valid = rows.Select(r => ListingValidation.Check(r, options.Skus, errors)).OfType<ValidListingRow>().ToList();
        if (errors.Count > 0)
        {
            return new(null, errors);
        }

        // Every row is checked against the catalog before anything is stored: one bad row stores nothing.
        var products = await _catalog.GetProductsAsync(valid.Select(v => v.Gtin).Distinct(StringComparer.Ordinal).ToList(), cancellationToken);
        foreach (var row in valid)
        {
            if (!products.TryGetValue(row.Gtin, out var product))
            {
                ListingValidation.Add(errors, row.Row, row.GtinField, $"central has no product with GTIN {row.Gtin}.");
            }
            else if (product.ListPrice is null || product.Currency is null)
            {
                ListingValidation.Add(errors, row.Row, row.GtinField, $"product {row.Gtin} has no list price: its floor is unknown.");
            }
            else if (row.Currency is { } currency && !string.Equals(currency, product.Currency, StringComparison.Ordinal))
            {
                ListingValidation.Add(errors, row.Row, "currency", $"{currency} is not the currency of product {row.Gtin}'s list price ({product.Currency}).");
            }
        }

        if (errors.Count > 0)
        {
            return new(null, errors);
        }

        var now = _time.GetUtcNow();
        var authorized = await AuthorizedStoresAsync(options, cancellationToken);
        var traces = new Dictionary<(string, string), TestBuyResult>();
        var listings = new List<(ValidListingRow Row, PriceListing Listing)>(valid.Count);
        foreach (var row in valid)
        {
            var product = products[row.Gtin];
            var listPrice = PriceWatchArguments.Normal(product.ListPrice!.Value);
            var cost = PriceTiers.Cost(listPrice, options.CostRatio);
            var platform = PriceWatchArguments.Key(row.Platform);
            var store = PriceWatchArguments.Key(row.Store);
            authorized.TryGetValue((platform, store), out var storeDealer);
            TestBuyResult? trace = null;
            if (row.Serial is { } serial && !traces.TryGetValue((row.Gtin, serial), out trace))
            {
                trace = await TraceAsync(row.Gtin, serial, cancellationToken);
                traces[(row.Gtin, serial)] = trace;
            }

            var price = PriceWatchArguments.Normal(row.Price);
            var listedAt = EventBatch.Stored(row.ListedAt);
            listings.Add((row, new PriceListing(
                ListingId(platform, store, row.Gtin, price, product.Currency!, listedAt, row.Serial),
                platform, store, row.Sku, row.Gtin, price, product.Currency!, listedAt, row.Serial, now, listPrice, cost,
                PriceTiers.Classify(price, listPrice, cost), storeDealer is not null, storeDealer, trace?.DealerId,
                trace?.Chain.Select(c => c.ToDealerId).ToList() ?? [], null)));
        }

        var added = await _store.AddListingsAsync(listings.Select(l => l.Listing).DistinctBy(l => l.ListingId).ToList(), cancellationToken);
        var results = new List<ListingResult>(listings.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (row, listing) in listings)
        {
            Guid? alertId = null;
            // A listing repeated within one body is stored once: its first row is the new one, the others duplicates.
            var isNew = added.Contains(listing.ListingId) && seen.Add(listing.ListingId);
            if (isNew && listing.IsViolation)
            {
                alertId = await RaiseAsync(listing, options, cancellationToken);
                await _store.SetListingAlertAsync(listing.ListingId, alertId.Value, cancellationToken);
            }

            results.Add(new ListingResult(
                row.Row, listing.ListingId, !isNew, listing.Gtin, listing.Price, listing.Currency, listing.ListPrice, listing.Cost,
                PriceTiers.Name(listing.Tier), listing.Authorized, listing.StoreDealerId, listing.IsViolation, alertId,
                row.Serial is { } s ? traces[(row.Gtin, s)] : null));
        }

        var stored = results.Count(r => !r.Duplicate);
        var violations = results.Count(r => r.Violation);
        var traced = traces.Values.Count(t => t.Traced);
        PriceWatchLog.Imported(_logger, rows.Count, stored, violations, traced);
        return new(new ListingImportResponse(rows.Count, stored, results.Count - stored, violations, results), errors);
    }

    /// <summary>Per dealer, each source counted by its own grouped query, merged here and scored with the configured weights.</summary>
    public async Task<DealerRankingResponse> RankDealersAsync(CancellationToken cancellationToken)
    {
        var options = _options.Value;
        var activations = await _store.CountDivertedActivationsByDealerAsync(cancellationToken);
        var inspections = await _inspections.CountInspectionsByDealerAsync(null, null, cancellationToken);
        var testBuys = await _store.CountTestBuysByDealerAsync(cancellationToken);
        var byDealer = new Dictionary<string, (long Activations, long Inspections, long TestBuys)>(StringComparer.Ordinal);
        foreach (var a in activations)
        {
            byDealer[a.DealerId] = (a.Count, 0, 0);
        }

        foreach (var i in inspections.Where(i => i.Diversions > 0))
        {
            var e = byDealer.GetValueOrDefault(i.DealerId);
            byDealer[i.DealerId] = (e.Activations, i.Diversions, e.TestBuys);
        }

        foreach (var t in testBuys)
        {
            var e = byDealer.GetValueOrDefault(t.DealerId);
            byDealer[t.DealerId] = (e.Activations, e.Inspections, t.Count);
        }

        var entries = new List<DealerRankingEntry>(byDealer.Count);
        foreach (var (dealerId, counts) in byDealer)
        {
            var dealer = await _channel.GetDealerAsync(dealerId, cancellationToken);
            var score = (counts.Activations * options.ActivationWeight) + (counts.Inspections * options.InspectionWeight) + (counts.TestBuys * options.TestBuyWeight);
            entries.Add(new DealerRankingEntry(dealerId, dealer?.Name, counts.Activations, counts.Inspections, counts.TestBuys, score));
        }

        return new DealerRankingResponse(
            options.ActivationWeight, options.InspectionWeight, options.TestBuyWeight,
            entries.OrderByDescending(e => e.Score).ThenBy(e => e.DealerId, StringComparer.Ordinal).ToList());
    }

    /// <summary>
    /// The listing's identity: SHA-256 over platform and store (lower-case), GTIN, price (no trailing zeros), currency,
    /// time (UTC, microseconds) and serial, 32 hex digits. The SKU is not part of it: it only names the GTIN.
    /// </summary>
    internal static string ListingId(string platform, string store, string gtin, decimal price, string currency, DateTimeOffset listedAt, string? serial)
    {
        var text = string.Join('\u001f', platform, store, gtin, PriceWatchArguments.Text(price), currency,
            EventBatch.Stored(listedAt).UtcTicks.ToString(CultureInfo.InvariantCulture), serial ?? "");
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)), 0, 16);
    }

    private async Task<Dictionary<(string, string), string>> AuthorizedStoresAsync(PriceWatchOptions options, CancellationToken cancellationToken)
    {
        // A store mapped to a dealer central does not know is not authorized: the mapping names no one who may sell.
        var map = new Dictionary<(string, string), string>();
        var known = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var store in options.AuthorizedStores)
        {
            if (!known.TryGetValue(store.DealerId, out var exists))
            {
                exists = await _channel.GetDealerAsync(store.DealerId, cancellationToken) is not null;
                known[store.DealerId] = exists;
                if (!exists)
                {
                    PriceWatchLog.UnknownStoreDealer(_logger, store.Platform, store.Store, store.DealerId);
                }
            }

            if (exists)
            {
                map[(PriceWatchArguments.Key(store.Platform), PriceWatchArguments.Key(store.Store))] = store.DealerId;
            }
        }

        return map;
    }

    private async Task<TestBuyResult> TraceAsync(string gtin, string serial, CancellationToken cancellationToken)
    {
        var state = await _channel.GetChannelStateAsync(gtin, serial, cancellationToken);
        if (state is null)
        {
            return new TestBuyResult(serial, false, null, null, []);
        }

        var history = await _channel.GetChannelHistoryAsync(gtin, serial, cancellationToken);
        var chain = history
            .Where(h => h.Step == ChannelStepKind.Shipping && h.ToDealerId is not null)
            .Select(h => new ChainStep(h.FromDealerId, h.ToDealerId!, h.ShipmentId, h.OccurredAt))
            .ToList();
        return new TestBuyResult(serial, true, state.Dealer.Id, state.Dealer.Name, chain);
    }

    private async Task<Guid> RaiseAsync(PriceListing listing, PriceWatchOptions options, CancellationToken cancellationToken)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(options.TimeZone);
        var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(listing.ListedAt, zone).DateTime);
        var why = string.Join(", ", new[] { PriceTiers.Name(listing.Tier), listing.Authorized ? null : "unauthorized store" }.OfType<string>());
        var summary = string.Create(CultureInfo.InvariantCulture,
            $"Store '{listing.Store}' on {listing.Platform} lists {listing.Gtin} at {listing.Price} {listing.Currency} (list {listing.ListPrice}): {why}.");
        var evidence = new
        {
            listing.ListingId, listing.Platform, listing.Store, listing.Sku, listing.Gtin, listing.Price, listing.Currency, listing.ListedAt,
            listing.ListPrice, listing.Cost, Tier = PriceTiers.Name(listing.Tier), listing.Authorized, listing.StoreDealerId,
            TestBuy = listing.Serial is null ? null : new { listing.Serial, DealerId = listing.TracedDealerId, listing.ShipmentChain },
        };
        var dedup = $"price_violation:{listing.Platform}:{listing.Store}:{listing.Gtin}:{day:yyyy-MM-dd}";
        // An alert names a unit only for a test buy (GTIN and serial go together); the GTIN is always in the evidence.
        var raised = await _alerts.RaiseAsync(
            AlertKind.PriceViolation, summary, evidence, listing.Serial is null ? null : listing.Gtin, listing.Serial, dedup, cancellationToken);
        return raised.Alert.AlertId;
    }
}
