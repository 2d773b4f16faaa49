using System.Text.Json;
using Microsoft.Extensions.Options;
using Traceability.CentralApi.Activation;
using Traceability.CentralApi.Alerts;
using Traceability.CentralApi.Codes;
using Traceability.CentralApi.Storage;
using Traceability.CentralApi.Warranty;
using Traceability.Core.Regions;

namespace Traceability.CentralApi.TradeIn;

/// <summary>
/// Trade-in quotes and their acceptance (docs/tradein.md): judges the code, the unit's channel, warranty and repairs,
/// prices it on its model's depreciation curve, and on acceptance writes the old-for-new order, retires the unit and
/// assigns it a recycler.
/// </summary>
public sealed class TradeInService(
    ITradeInStore store,
    ICentralStore units,
    IProductCatalog catalog,
    IRepairLog repairs,
    IChannelStore channel,
    WarrantyService warranty,
    AlertService alerts,
    RegionTree regions,
    IOptions<TradeInOptions> options,
    TimeProvider time,
    ILogger<TradeInService> logger)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly TradeInOptions _options = options.Value;

    /// <summary>Quotes the unit of a checked code in <paramref name="condition"/> (A–D).</summary>
    public async Task<(TradeInQuoteResponse? Quote, TradeInRefusal? Refusal)> QuoteAsync(
        CodeCheck check, string code, string condition, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(check);
        var now = EventBatch.Stored(time.GetUtcNow());
        if (!check.IsGenuine)
        {
            // A signed code that fails, or a unit code with no signature: a copy until shown otherwise.
            var gtin = check.Gtin;
            var serial = check.Serial;
            var raised = await alerts.RaiseAsync(
                AlertKind.CounterfeitSuspicion,
                $"A trade-in was asked for {gtin}/{serial} with a code that is not genuine: {check.Reason}",
                new TradeInCodeEvidence("tradein", code, check.Status.ToString(), check.Reason, now),
                gtin,
                serial,
                gtin is null || serial is null ? null : $"counterfeit_suspicion:tradein:{gtin}:{serial}",
                cancellationToken);
            return Refuse(gtin, serial, new TradeInRefusal(422, "counterfeit", $"The code is not genuine ({check.Status}): {check.Reason}", AlertId: raised.Alert.AlertId));
        }

        var (g, s) = (check.Gtin!, check.Serial!);
        var facts = await store.GetTradeInFactsAsync(g, s, cancellationToken);
        var unit = facts is null ? null : await units.GetUnitAsync(g, s, cancellationToken);
        if (facts is null || unit is null)
        {
            var raised = await alerts.RaiseUnknownSerialAsync(
                g, s, $"A trade-in was asked for {g}/{s}, a serial central never allocated (the code's signature verifies).", new TradeInUnknownEvidence("tradein", now), cancellationToken);
            return Refuse(g, s, new TradeInRefusal(422, "unknown_serial", $"Central never allocated {g}/{s}.", AlertId: raised.Alert.AlertId));
        }

        if (facts.RetiredAt is { } retiredAt)
        {
            return Refuse(g, s, new TradeInRefusal(409, "retired", $"{g}/{s} was retired (traded in) at {retiredAt:O}; it cannot be traded in again."));
        }

        if (ActivationService.IsDecommissioned(unit.State))
        {
            return Refuse(g, s, new TradeInRefusal(422, "decommissioned", $"{g}/{s} was taken out of use ({unit.State})."));
        }

        if (unit.CommissionedAt is null)
        {
            return Refuse(g, s, new TradeInRefusal(422, "not_commissioned", $"{g}/{s} was allocated but never commissioned on a line."));
        }

        var product = await catalog.GetProductAsync(g, cancellationToken);
        if (product?.ListPrice is not { } listPrice || product.Currency is not { } currency)
        {
            return Refuse(g, s, new TradeInRefusal(422, "no_list_price", $"The catalog has no list price for GTIN {g}: it cannot be priced."));
        }

        var state = await channel.GetChannelStateAsync(g, s, cancellationToken);
        var repairCount = (await repairs.ListRepairsAsync(g, s, cancellationToken)).Count;
        var decision = (await warranty.GetAsync(unit, cancellationToken: cancellationToken)).Decision;
        var today = warranty.Today;
        var ageFrom = decision?.Start ?? warranty.LocalDate(unit.CommissionedAt.Value);
        var ageMonths = TradeInPricing.WholeMonths(ageFrom, today);
        var active = decision is { Expired: false };
        var monthsLeft = active ? TradeInPricing.WholeMonths(today, decision!.End) : 0;

        List<string> sources = [];
        if (facts.DivertedByActivation)
        {
            sources.Add("activation");
        }

        if (facts.DivertedByInspection)
        {
            sources.Add("inspection");
        }

        var diverted = sources.Count > 0;
        var terms = _options.TermsFor(product.Model);
        var breakdown = TradeInPricing.Price(terms, new TradeInInputs(listPrice, ageMonths, condition, repairCount, monthsLeft, diverted));
        var quote = new TradeInQuoteResponse(
            Guid.CreateVersion7(now),
            "open",
            new TradeInUnit(g, s),
            product.Model,
            condition,
            breakdown[^1].ValueAfter,
            currency,
            "genuine",
            diverted ? "diverted" : state is null ? "unshipped" : "authorized",
            sources,
            new TradeInWarranty(decision?.Start, decision?.End, decision?.Rule.ToString(), active, monthsLeft),
            repairCount,
            ageMonths,
            decision?.Rule.ToString() ?? "Commissioned",
            terms.ModelOverride,
            breakdown,
            [.. breakdown.Select(f => f.Detail)],
            now,
            now + _options.QuoteLifetime,
            null,
            null);
        await store.AddTradeInQuoteAsync(
            new TradeInQuoteRecord(quote.QuoteId, g, s, condition, quote.Value, currency, now, quote.ExpiresAt, JsonSerializer.Serialize(quote, Json)),
            cancellationToken);
        TradeInLog.Quoted(logger, quote.QuoteId, g, s, quote.Value, currency, condition, quote.Channel);
        return (quote, null);
    }

    /// <summary>The quote as stored, with its state now; null when there is none.</summary>
    public async Task<TradeInQuoteResponse?> GetQuoteAsync(Guid quoteId, CancellationToken cancellationToken = default)
    {
        var record = await store.GetTradeInQuoteAsync(quoteId, cancellationToken);
        if (record is null)
        {
            return null;
        }

        var quote = JsonSerializer.Deserialize<TradeInQuoteResponse>(record.Body, Json)!;
        var status = record.AcceptedAt is not null ? "accepted" : time.GetUtcNow() >= record.ExpiresAt ? "expired" : "open";
        return quote with { Status = status, AcceptedAt = record.AcceptedAt, OrderId = record.OrderId };
    }

    /// <summary>Accepts a quote for <paramref name="newGtin"/> (a valid GTIN) on behalf of <paramref name="customer"/>.</summary>
    public async Task<(TradeInOrderResponse? Order, TradeInRefusal? Refusal)> AcceptAsync(
        Guid quoteId, string newGtin, string customer, CancellationToken cancellationToken = default)
    {
        var now = EventBatch.Stored(time.GetUtcNow());
        var quote = await store.GetTradeInQuoteAsync(quoteId, cancellationToken);
        if (quote is null)
        {
            return (null, new TradeInRefusal(404, "not_found", $"There is no trade-in quote {quoteId}."));
        }

        if (Closed(quote, now) is { } closed)
        {
            return (null, closed);
        }

        var product = await catalog.GetProductAsync(newGtin, cancellationToken);
        if (product is null)
        {
            return (null, new TradeInRefusal(400, "invalid", $"The catalog has no product {newGtin}.", "newProductGtin"));
        }

        if (product.ListPrice is not { } price || !string.Equals(product.Currency, quote.Currency, StringComparison.Ordinal))
        {
            return (null, new TradeInRefusal(400, "invalid", $"Product {newGtin} has no list price in {quote.Currency}, the quote's currency.", "newProductGtin"));
        }

        var facts = await store.GetTradeInFactsAsync(quote.Gtin, quote.Serial, cancellationToken);
        if (facts?.RetiredAt is not null)
        {
            return (null, new TradeInRefusal(409, "retired", $"{quote.Gtin}/{quote.Serial} is retired already."));
        }

        var region = facts?.ActivationRegion;
        if (region is null && await channel.GetChannelStateAsync(quote.Gtin, quote.Serial, cancellationToken) is { } state)
        {
            region = state.Dealer.Regions.Count > 0 ? state.Dealer.Regions[0] : null;
        }

        if (region is null || !RegionCode.TryParse(region, out var place))
        {
            return (null, new TradeInRefusal(422, "no_region", $"{quote.Gtin}/{quote.Serial} has no region (never activated, never shipped): no recycler can be chosen."));
        }

        var model = (await catalog.GetProductAsync(quote.Gtin, cancellationToken))?.Model ?? "";
        var category = _options.TermsFor(model).Category;
        var recycler = _options.Recyclers.FirstOrDefault(r =>
            r.Categories.Any(c => c == "*" || string.Equals(c, category, StringComparison.OrdinalIgnoreCase))
            && r.Regions.Any(code => RegionCode.TryParse(code, out var served) && regions.Contains(served, place)));
        if (recycler is null)
        {
            return (null, new TradeInRefusal(422, "no_recycler", $"No recycler in TradeIn:Recyclers takes category {category} in region {region}."));
        }

        var order = new TradeInOrderRecord(
            Guid.CreateVersion7(now), quoteId, quote.Gtin, quote.Serial, newGtin, price, quote.Value, Math.Max(0, price - quote.Value), quote.Currency,
            customer, recycler.Id, place.Value, category, now);
        var outcome = await store.AcceptTradeInQuoteAsync(order, now, cancellationToken);
        switch (outcome)
        {
            case TradeInAcceptOutcome.Accepted:
                TradeInLog.Accepted(logger, quoteId, order.OrderId, quote.Gtin, quote.Serial, recycler.Id);
                return (TradeInOrderResponse.From(order), null);
            case TradeInAcceptOutcome.UnitRetired:
                return (null, new TradeInRefusal(409, "retired", $"{quote.Gtin}/{quote.Serial} is retired already."));
            default:
                // Another accept or the clock won between the read and the write: read what it left.
                var again = await store.GetTradeInQuoteAsync(quoteId, cancellationToken);
                return (null, again is null ? new TradeInRefusal(404, "not_found", $"There is no trade-in quote {quoteId}.") : Closed(again, now)
                    ?? new TradeInRefusal(409, "expired", $"The quote expired at {quote.ExpiresAt:O}."));
        }
    }

    private static TradeInRefusal? Closed(TradeInQuoteRecord quote, DateTimeOffset now) =>
        quote.AcceptedAt is not null
            ? new TradeInRefusal(409, "accepted", $"The quote was accepted at {quote.AcceptedAt:O}.", OrderId: quote.OrderId)
            : now >= quote.ExpiresAt ? new TradeInRefusal(409, "expired", $"The quote expired at {quote.ExpiresAt:O}.") : null;

    private (TradeInQuoteResponse?, TradeInRefusal?) Refuse(string? gtin, string? serial, TradeInRefusal refusal)
    {
        TradeInLog.Refused(logger, gtin, serial, refusal.Refusal);
        return (null, refusal);
    }
}
