using Traceability.CentralApi.Catalog;

namespace Traceability.CentralApi.Warranty;

/// <summary>
/// The warranty start rule and the three-guarantees windows, as pure functions (docs/warranty.md).
/// </summary>
/// <remarks>
/// <para>Start: an invoice correction if there is one, else the sale-out date, else the activation date, else the ship
/// date plus the grace period, else the commissioning date plus the grace period. Instants become days in the configured
/// time zone (China: Asia/Shanghai), since a sale at 23:30 in Shenzhen is that day's sale whatever UTC says.</para>
/// <para>Periods follow the PRC Civil Code (articles 201 and 202): the day the period starts is not counted, so "within
/// 7 days" of a sale on the 1st ends on the 8th; a period in months ends on the same day number of the last month, or
/// on that month's last day when it has no such day (31 January + 1 month = 28 or 29 February).</para>
/// </remarks>
public static class WarrantyRules
{
    /// <summary>
    /// Decides a unit's warranty on <paramref name="today"/>, or returns null when no fact can start it (central
    /// knows nothing of the unit's life).
    /// </summary>
    /// <param name="policy">The product's policy.</param>
    /// <param name="facts">What central knows.</param>
    /// <param name="today">The day to judge for, local.</param>
    /// <param name="timeZone">The zone whose days count.</param>
    /// <param name="graceDays">Days added to a ship (or commissioning) date.</param>
    public static WarrantyDecision? Decide(WarrantyPolicy policy, WarrantyFacts facts, DateOnly today, TimeZoneInfo timeZone, int graceDays)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(timeZone);
        ArgumentOutOfRangeException.ThrowIfNegative(graceDays);
        if (Start(facts, timeZone, graceDays) is not var (start, rule))
        {
            return null;
        }

        var returnLast = start.AddDays(policy.ReturnDays);
        var exchangeLast = start.AddDays(policy.ExchangeDays);
        var end = start.AddMonths(policy.WarrantyMonths);
        return new WarrantyDecision(
            start,
            end,
            rule,
            today,
            new RemedyWindow(returnLast, today <= returnLast),
            new RemedyWindow(exchangeLast, today <= exchangeLast),
            new RemedyWindow(end, today <= end));
    }

    /// <summary>The start date and the rule that decided it, or null when no fact is known.</summary>
    public static (DateOnly Start, WarrantyRule Rule)? Start(WarrantyFacts facts, TimeZoneInfo timeZone, int graceDays)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(timeZone);
        if (facts.InvoiceDate is { } invoice)
        {
            return (invoice, WarrantyRule.Invoice);
        }

        if (facts.SaleOut is { } sale)
        {
            return (LocalDate(sale, timeZone), WarrantyRule.SaleOut);
        }

        if (facts.Activation is { } activation)
        {
            return (LocalDate(activation, timeZone), WarrantyRule.Activation);
        }

        if (facts.Shipped is { } shipped)
        {
            return (LocalDate(shipped, timeZone).AddDays(graceDays), WarrantyRule.ShipGrace);
        }

        if (facts.Commissioned is { } commissioned)
        {
            return (LocalDate(commissioned, timeZone).AddDays(graceDays), WarrantyRule.CommissioningGrace);
        }

        return null;
    }

    /// <summary>The calendar day <paramref name="instant"/> falls on in <paramref name="timeZone"/>.</summary>
    public static DateOnly LocalDate(DateTimeOffset instant, TimeZoneInfo timeZone) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, timeZone).DateTime);
}
