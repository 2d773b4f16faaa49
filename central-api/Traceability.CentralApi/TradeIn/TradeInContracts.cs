using Traceability.CentralApi.Storage;

namespace Traceability.CentralApi.TradeIn;

/// <summary>The body of <c>POST /api/tradein/quotes</c>.</summary>
public sealed record TradeInQuoteRequest(string? Code, string? Condition);

/// <summary>The body of <c>POST /api/tradein/quotes/{id}/accept</c>.</summary>
public sealed record TradeInAcceptRequest(string? NewProductGtin, string? Customer);

/// <summary>A unit.</summary>
public sealed record TradeInUnit(string Gtin, string Serial);

/// <summary>The unit's warranty as the quote saw it.</summary>
/// <param name="Start">First day, or null when nothing started it.</param>
/// <param name="End">Last day, or null.</param>
/// <param name="Rule">Which fact started it, or null.</param>
/// <param name="Active">True while repairs are covered.</param>
/// <param name="MonthsLeft">Whole months left.</param>
public sealed record TradeInWarranty(DateOnly? Start, DateOnly? End, string? Rule, bool Active, int MonthsLeft);

/// <summary>A quote: its value, every factor that made it, and its state.</summary>
/// <param name="QuoteId">Its id.</param>
/// <param name="Status">open, expired or accepted (as of the read).</param>
/// <param name="Unit">The unit quoted.</param>
/// <param name="Model">The product's model.</param>
/// <param name="Condition">A, B, C or D.</param>
/// <param name="Value">The offer, in <paramref name="Currency"/>.</param>
/// <param name="Currency">The product's currency.</param>
/// <param name="Authenticity">Always genuine (a code that is not is refused).</param>
/// <param name="Channel">authorized, diverted, or unshipped (never left the brand).</param>
/// <param name="DiversionSources">What found it diverted: activation, inspection.</param>
/// <param name="Warranty">The warranty.</param>
/// <param name="Repairs">Repairs on record.</param>
/// <param name="AgeMonths">Whole months of age.</param>
/// <param name="AgeFrom">What the age counts from: the warranty rule (SaleOut, Activation…) or Commissioned.</param>
/// <param name="ModelTerms">True when the model has terms of its own (<c>TradeIn:Models</c>).</param>
/// <param name="Breakdown">Each factor's effect; the effects add up to <paramref name="Value"/>.</param>
/// <param name="Reasons">The breakdown in words.</param>
/// <param name="CreatedAt">When it was made.</param>
/// <param name="ExpiresAt">Acceptable until then.</param>
/// <param name="AcceptedAt">When accepted, or null.</param>
/// <param name="OrderId">The order, or null.</param>
public sealed record TradeInQuoteResponse(
    Guid QuoteId,
    string Status,
    TradeInUnit Unit,
    string Model,
    string Condition,
    decimal Value,
    string Currency,
    string Authenticity,
    string Channel,
    IReadOnlyList<string> DiversionSources,
    TradeInWarranty Warranty,
    int Repairs,
    int AgeMonths,
    string AgeFrom,
    bool ModelTerms,
    IReadOnlyList<TradeInFactor> Breakdown,
    IReadOnlyList<string> Reasons,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    DateTimeOffset? AcceptedAt,
    Guid? OrderId);

/// <summary>An old-for-new order.</summary>
public sealed record TradeInOrderResponse(
    Guid OrderId,
    Guid QuoteId,
    TradeInUnit OldUnit,
    string NewProductGtin,
    decimal NewProductPrice,
    decimal TradeInValue,
    decimal AmountDue,
    string Currency,
    string Customer,
    TradeInRecyclerAssignment Recycler,
    DateTimeOffset RetiredAt)
{
    internal static TradeInOrderResponse From(TradeInOrderRecord o) => new(
        o.OrderId, o.QuoteId, new TradeInUnit(o.Gtin, o.Serial), o.NewGtin, o.NewPrice, o.TradeInValue, o.AmountDue, o.Currency, o.Customer,
        new TradeInRecyclerAssignment(o.RecyclerId, o.Region, o.Category), o.CreatedAt);
}

/// <summary>Where the old unit goes and why: the region and category it was chosen by.</summary>
public sealed record TradeInRecyclerAssignment(string RecyclerId, string Region, string Category);

/// <summary>The evidence of a counterfeit-suspicion alert raised by a trade-in quote.</summary>
public sealed record TradeInCodeEvidence(string Source, string Code, string CodeStatus, string? Reason, DateTimeOffset At);

/// <summary>The evidence of an unknown-serial alert raised by a trade-in quote.</summary>
public sealed record TradeInUnknownEvidence(string Source, DateTimeOffset At);
