namespace Traceability.CentralApi.Storage;

/// <summary>
/// Trade-in quotes and the old-for-new orders that accept them (docs/tradein.md). Implemented by each central store over
/// its own database.
/// </summary>
public interface ITradeInStore
{
    /// <summary>
    /// What a trade-in quote needs to know of a unit besides its warranty and repairs, in one statement: whether it is
    /// retired, whether any activation or inspection found it diverted, and the region of its first activation.
    /// </summary>
    /// <returns>Null when central has no such unit.</returns>
    Task<TradeInFacts?> GetTradeInFactsAsync(string gtin, string serial, CancellationToken cancellationToken = default);

    /// <summary>Stores a new quote.</summary>
    Task AddTradeInQuoteAsync(TradeInQuoteRecord quote, CancellationToken cancellationToken = default);

    /// <summary>The quote, or null.</summary>
    Task<TradeInQuoteRecord?> GetTradeInQuoteAsync(Guid quoteId, CancellationToken cancellationToken = default);

    /// <summary>The order that accepted the quote, or null.</summary>
    Task<TradeInOrderRecord?> GetTradeInOrderAsync(Guid quoteId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Accepts <see cref="TradeInOrderRecord.QuoteId"/> in one transaction: the quote must be open (not accepted, expiring
    /// after <paramref name="now"/>) and the unit not retired; then the order is stored, the quote marked accepted and
    /// the unit retired at <see cref="TradeInOrderRecord.CreatedAt"/>. Of concurrent accepts for one unit (of one quote
    /// or of several), exactly one is <see cref="TradeInAcceptOutcome.Accepted"/>; nothing is written for the others.
    /// </summary>
    Task<TradeInAcceptOutcome> AcceptTradeInQuoteAsync(TradeInOrderRecord order, DateTimeOffset now, CancellationToken cancellationToken = default);
}

/// <summary>Why a quote was or was not accepted.</summary>
public enum TradeInAcceptOutcome
{
    /// <summary>The order is stored and the unit retired.</summary>
    Accepted,

    /// <summary>There is no such quote.</summary>
    QuoteNotFound,

    /// <summary>The quote was accepted before.</summary>
    AlreadyAccepted,

    /// <summary>The quote expired.</summary>
    Expired,

    /// <summary>The unit is retired (traded in through another quote, or retired otherwise).</summary>
    UnitRetired,
}

/// <summary>A unit's trade-in facts.</summary>
/// <param name="RetiredAt">When it was retired, or null.</param>
/// <param name="DivertedByActivation">Some activation (first or later) was outside its dealer's regions.</param>
/// <param name="DivertedByInspection">Some inspection found it outside its dealer's regions.</param>
/// <param name="ActivationRegion">The region of its first activation, or null.</param>
public sealed record TradeInFacts(DateTimeOffset? RetiredAt, bool DivertedByActivation, bool DivertedByInspection, string? ActivationRegion);

/// <summary>A quote as stored.</summary>
/// <param name="QuoteId">Its id.</param>
/// <param name="Gtin">The unit's GTIN.</param>
/// <param name="Serial">The unit's serial.</param>
/// <param name="Condition">A, B, C or D.</param>
/// <param name="Value">What the brand pays, in <paramref name="Currency"/>.</param>
/// <param name="Currency">ISO 4217 code of the product's list price.</param>
/// <param name="CreatedAt">When it was made.</param>
/// <param name="ExpiresAt">After this it cannot be accepted.</param>
/// <param name="Body">The answer given when it was made (JSON), with every factor.</param>
/// <param name="AcceptedAt">When it was accepted, or null.</param>
/// <param name="OrderId">The order that accepted it, or null.</param>
public sealed record TradeInQuoteRecord(
    Guid QuoteId, string Gtin, string Serial, string Condition, decimal Value, string Currency, DateTimeOffset CreatedAt, DateTimeOffset ExpiresAt,
    string Body, DateTimeOffset? AcceptedAt = null, Guid? OrderId = null);

/// <summary>An old-for-new order.</summary>
/// <param name="OrderId">Its id.</param>
/// <param name="QuoteId">The quote it accepts.</param>
/// <param name="Gtin">The old unit's GTIN.</param>
/// <param name="Serial">The old unit's serial.</param>
/// <param name="NewGtin">The new product.</param>
/// <param name="NewPrice">The new product's list price.</param>
/// <param name="TradeInValue">The quote's value, deducted from <paramref name="NewPrice"/>.</param>
/// <param name="AmountDue">What the customer pays: the price less the value, never below zero.</param>
/// <param name="Currency">ISO 4217 code of every amount.</param>
/// <param name="Customer">Who trades in.</param>
/// <param name="RecyclerId">The recycler the old unit goes to.</param>
/// <param name="Region">The unit's region the recycler was chosen by.</param>
/// <param name="Category">The product category the recycler was chosen by.</param>
/// <param name="CreatedAt">When it was accepted (also the unit's retirement).</param>
public sealed record TradeInOrderRecord(
    Guid OrderId, Guid QuoteId, string Gtin, string Serial, string NewGtin, decimal NewPrice, decimal TradeInValue, decimal AmountDue, string Currency,
    string Customer, string RecyclerId, string Region, string Category, DateTimeOffset CreatedAt);
