using Traceability.CentralApi.Storage;

namespace Traceability.CentralApi.Warranty;

/// <summary>
/// What the warranty fact sources read about a unit, read beforehand (a consumer scan reads them with the unit, for a
/// batch of scans at once): the last invoice correction's date, the channel's dates and the first activation.
/// </summary>
/// <param name="InvoiceDate">The invoice date of the unit's correction in force (its last), or null.</param>
/// <param name="Shipped">The brand's first shipment of the unit into the channel, or null.</param>
/// <param name="SaleOut">The unit's last retail sale, or null.</param>
/// <param name="FirstActivation">The unit's first activation, or null.</param>
public sealed record WarrantyReads(DateOnly? InvoiceDate, DateTimeOffset? Shipped, DateTimeOffset? SaleOut, ActivationRecord? FirstActivation)
{
    /// <summary>
    /// The channel's dates in <paramref name="history"/> (oldest first, as <see cref="IChannelStore.GetChannelHistoryAsync"/>
    /// lists it): the first shipment from the brand (no sending dealer) and the last retail sale.
    /// </summary>
    public static (DateTimeOffset? Shipped, DateTimeOffset? SaleOut) ChannelDates(IReadOnlyList<ChannelHistoryEntry> history)
    {
        ArgumentNullException.ThrowIfNull(history);
        var shipped = history.FirstOrDefault(h => h.Step == ChannelStepKind.Shipping && h.FromDealerId is null);
        var sold = history.LastOrDefault(h => h.Step == ChannelStepKind.RetailSelling);
        return (shipped?.OccurredAt, sold?.OccurredAt);
    }
}
