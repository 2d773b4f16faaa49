using Microsoft.Extensions.Options;
using Traceability.CentralApi.Alerts;
using Traceability.CentralApi.Inspections;
using Traceability.CentralApi.PriceWatch;
using Traceability.CentralApi.Storage;

namespace Traceability.CentralApi.Operations;

/// <summary>What the operations page shows, read when it is asked for.</summary>
/// <param name="OpenCounts">Open alerts per kind, most first.</param>
/// <param name="OpenAlerts">The newest open alerts.</param>
/// <param name="MoreOpenAlerts">True when there are more open alerts than shown.</param>
/// <param name="Rates">Activation rates per region of the dealers units were shipped to and per batch (GTIN and lot) over the units commissioned, as counted at their own time.</param>
/// <param name="Ranking">Dealers by diversion evidence, the top ones.</param>
/// <param name="DealersRanked">How many dealers the whole ranking has.</param>
/// <param name="Violations">The newest price-watch violations.</param>
/// <param name="At">When it was read.</param>
internal sealed record DashboardView(
    IReadOnlyList<AlertKindCount> OpenCounts,
    IReadOnlyList<AlertRecord> OpenAlerts,
    bool MoreOpenAlerts,
    ActivationReports Rates,
    DealerRankingResponse Ranking,
    int DealersRanked,
    IReadOnlyList<PriceListing> Violations,
    DateTimeOffset At);

/// <summary>One dealer's evidence: its record (null when central has none), ranking entry, and the items behind the counts.</summary>
internal sealed record DealerView(
    string DealerId,
    DealerRecord? Dealer,
    DealerRankingEntry? Rank,
    DealerRankingResponse Weights,
    IReadOnlyList<ActivationRecord> DivertedActivations,
    IReadOnlyList<InspectionRecord> Inspections,
    IReadOnlyList<PriceListing> TestBuys);

/// <summary>A unit: its record, its activations (the first, then history) and its way through the channel.</summary>
internal sealed record UnitView(UnitRecord Unit, IReadOnlyList<ActivationRecord> Activations, IReadOnlyList<ChannelHistoryEntry> Channel);

/// <summary>Reads the operations views from the existing stores and services; nothing here writes.</summary>
internal sealed class OpsDashboard(
    IAlertStore alerts,
    IActivationStore activations,
    IPriceWatchStore listings,
    IInspectionStore inspections,
    IChannelStore channel,
    ICentralStore units,
    PriceWatchService priceWatch,
    ActivationReportCache rates,
    IOptions<OperationsOptions> options,
    TimeProvider time)
{
    public async Task<DashboardView> ReadAsync(CancellationToken cancellationToken)
    {
        var size = options.Value.ListSize;
        var counts = await alerts.CountOpenAlertsByKindAsync(cancellationToken);
        var open = await alerts.ListAlertsAsync(new AlertQuery(null, AlertStatus.Open, size), cancellationToken);
        var reports = await rates.GetAsync(cancellationToken);
        var ranking = await priceWatch.RankDealersAsync(cancellationToken);
        var violations = await listings.ListViolationsAsync(new ViolationQuery(null, null, null, null, null, null, size), cancellationToken);
        return new DashboardView(
            counts, open.Alerts, open.Next is not null, reports,
            ranking with { Dealers = ranking.Dealers.Take(size).ToList() }, ranking.Dealers.Count, violations, time.GetUtcNow());
    }

    /// <summary>The dealer's evidence, or null when central knows neither the dealer nor any evidence naming it.</summary>
    public async Task<DealerView?> ReadDealerAsync(string dealerId, CancellationToken cancellationToken)
    {
        var size = options.Value.ListSize;
        var dealer = await channel.GetDealerAsync(dealerId, cancellationToken);
        var ranking = await priceWatch.RankDealersAsync(cancellationToken);
        var diverted = await activations.ListDivertedActivationsAsync(dealerId, size, cancellationToken);
        var findings = (await inspections.ListInspectionsAsync(new InspectionQuery(dealerId, null, null, size), cancellationToken)).Inspections;
        var testBuys = await listings.ListTestBuysAsync(dealerId, size, cancellationToken);
        var rank = ranking.Dealers.FirstOrDefault(d => string.Equals(d.DealerId, dealerId, StringComparison.Ordinal));
        if (dealer is null && rank is null && diverted.Count == 0 && findings.Count == 0 && testBuys.Count == 0)
        {
            return null;
        }

        return new DealerView(dealerId, dealer, rank, ranking with { Dealers = [] }, diverted, findings, testBuys);
    }

    public async Task<UnitView?> ReadUnitAsync(string gtin, string serial, CancellationToken cancellationToken)
    {
        if (await units.GetUnitAsync(gtin, serial, cancellationToken) is not { } unit)
        {
            return null;
        }

        var all = await activations.ListActivationsAsync(gtin, serial, cancellationToken);
        var history = await channel.GetChannelHistoryAsync(gtin, serial, cancellationToken);
        return new UnitView(unit, all, history);
    }
}
