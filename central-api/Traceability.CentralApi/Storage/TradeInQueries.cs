namespace Traceability.CentralApi.Storage;

/// <summary>Trade-in SQL shared by both stores (parameters as <c>@name</c>, which both providers accept).</summary>
internal static class TradeInQueries
{
    // The subqueries name the unit by the parameters, not by u's columns: the store's generic plan then prunes every
    // partitioned table to one partition when it starts; correlated to u, each subquery's plan held all 16 partitions
    // of its table (PostgreSQL's CPU per quote fell from 3–14 ms to 1.1–1.5 ms, docs/benchmarks.md).
    public const string Facts = """
        SELECT u.retired_at,
               EXISTS (SELECT 1 FROM activations a WHERE a.gtin = @gtin AND a.serial = @serial AND a.diversion = @yes)
               OR EXISTS (SELECT 1 FROM activation_history h WHERE h.gtin = @gtin AND h.serial = @serial AND h.diversion = @yes),
               EXISTS (SELECT 1 FROM inspections i WHERE i.gtin = @gtin AND i.serial = @serial AND i.diversion = @yes),
               (SELECT a.region FROM activations a WHERE a.gtin = @gtin AND a.serial = @serial)
        FROM units u WHERE u.gtin = @gtin AND u.serial = @serial;
        """;

    public const string QuoteColumns = "quote_id, gtin, serial, condition, value, currency, created_at, expires_at, body, accepted_at, order_id";

    public const string OrderColumns =
        "order_id, quote_id, gtin, serial, new_gtin, new_price, tradein_value, amount_due, currency, customer, recycler_id, region, category, created_at";

    public const string OrderValues =
        "@order, @quote, @gtin, @serial, @new_gtin, @new_price, @value, @due, @currency, @customer, @recycler, @region, @category, @at";

    /// <summary>Claims an open quote; no row when it is missing, accepted or expired (the caller reads which).</summary>
    public const string Claim = "UPDATE tradein_quotes SET accepted_at = @at, order_id = @order WHERE quote_id = @quote AND accepted_at IS NULL AND expires_at > @now;";

    public const string Retire = "UPDATE units SET retired_at = @at WHERE gtin = @gtin AND serial = @serial AND retired_at IS NULL;";

    public const string QuoteState = "SELECT accepted_at, expires_at FROM tradein_quotes WHERE quote_id = @quote;";

    public static TradeInAcceptOutcome WhyNotClaimed(bool found, bool accepted) =>
        !found ? TradeInAcceptOutcome.QuoteNotFound : accepted ? TradeInAcceptOutcome.AlreadyAccepted : TradeInAcceptOutcome.Expired;
}
