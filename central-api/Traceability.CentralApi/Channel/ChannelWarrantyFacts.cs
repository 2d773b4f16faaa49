using Traceability.CentralApi.Storage;
using Traceability.CentralApi.Warranty;

namespace Traceability.CentralApi.Channel;

/// <summary>
/// The channel's dates for warranty, from the unit's channel history (one query): the sale-out is the last retail
/// sale, the ship date the brand's first shipment of the unit into the channel.
/// </summary>
public sealed class ChannelWarrantyFacts(IChannelStore store) : IWarrantyFactSource
{
    public async ValueTask<WarrantyFacts> AddFactsAsync(UnitRecord unit, WarrantyFacts facts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(unit);
        ArgumentNullException.ThrowIfNull(facts);
        var history = await store.GetChannelHistoryAsync(unit.Gtin, unit.Serial, cancellationToken);
        var shipped = history.FirstOrDefault(h => h.Step == ChannelStepKind.Shipping && h.FromDealerId is null);
        var sold = history.LastOrDefault(h => h.Step == ChannelStepKind.RetailSelling);
        return facts with
        {
            Shipped = shipped?.OccurredAt ?? facts.Shipped,
            SaleOut = sold?.OccurredAt ?? facts.SaleOut,
        };
    }
}
