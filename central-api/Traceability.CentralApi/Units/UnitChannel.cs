using Traceability.CentralApi.Channel;
using Traceability.CentralApi.Storage;

namespace Traceability.CentralApi.Units;

/// <summary>
/// A unit in the sales channel: where it is now (status in_transit, held or sold; the dealer it was last shipped to;
/// the dates of the last shipment, receipt and sale) and every step, oldest first.
/// </summary>
public sealed record UnitChannel(
    string Status,
    string DealerId,
    string? FromDealerId,
    DateTimeOffset ShippedAt,
    DateTimeOffset? ReceivedAt,
    DateTimeOffset? SoldAt,
    IReadOnlyList<ChannelHistoryItem> History)
{
    internal static UnitChannel? From(ChannelState? state, IReadOnlyList<ChannelHistoryEntry> history) => state is null
        ? null
        : new UnitChannel(
            state.Status switch
            {
                ChannelStatus.InTransit => "in_transit",
                ChannelStatus.Held => "held",
                _ => "sold",
            },
            state.Dealer.Id,
            state.FromDealerId,
            state.ShippedAt,
            state.ReceivedAt,
            state.SoldAt,
            [.. history.Select(h => new ChannelHistoryItem(ChannelEndpoints.StepName(h.Step), h.OccurredAt, h.FromDealerId, h.ToDealerId, h.ShipmentId, h.EventKey))]);
}

/// <summary>One channel step: shipping or receiving (from → to; from null is the brand), or retail_selling (from is the store).</summary>
public sealed record ChannelHistoryItem(string Step, DateTimeOffset At, string? FromDealerId, string? ToDealerId, Guid ShipmentId, string EventId);
