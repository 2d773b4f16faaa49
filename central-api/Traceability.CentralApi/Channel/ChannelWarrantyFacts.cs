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
        var (shipped, sold) = WarrantyReads.ChannelDates(await store.GetChannelHistoryAsync(unit.Gtin, unit.Serial, cancellationToken));
        return Add(facts, shipped, sold);
    }

    public WarrantyFacts AddFacts(UnitRecord unit, WarrantyFacts facts, WarrantyReads reads)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(reads);
        return Add(facts, reads.Shipped, reads.SaleOut);
    }

    private static WarrantyFacts Add(WarrantyFacts facts, DateTimeOffset? shipped, DateTimeOffset? sold) => facts with
    {
        Shipped = shipped ?? facts.Shipped,
        SaleOut = sold ?? facts.SaleOut,
    };
}
