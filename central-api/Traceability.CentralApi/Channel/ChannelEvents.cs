using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Traceability.CentralApi.Epcis;
using Traceability.CentralApi.Storage;
using Traceability.Core.Epcis;
using Traceability.Core.Gs1;

namespace Traceability.CentralApi.Channel;

/// <summary>
/// The EPCIS 2.0 event of each channel step (docs/channel.md): an ObjectEvent, action OBSERVE, whose epcList is what was
/// scanned (a pallet's SSCC stands for its contents, as its packing AggregationEvents say), with the CBV business step
/// and disposition of the step and the dealers as parties. Identifiers are GS1 Digital Link URIs (EPCIS 2.0 accepts
/// them as EPCs and queries match either spelling); dealers are URLs under <c>Epcis:ExtensionNamespace</c>.
/// </summary>
internal sealed class ChannelEvents(IOptions<EpcisOptions> options)
{
    private readonly EpcisOptions _options = options.Value;

    /// <summary>The URL that names a dealer (or, for null, the brand) in EPCIS events.</summary>
    public string Party(string? dealerId) =>
        dealerId is null ? _options.ExtensionNamespace + "brand" : _options.ExtensionNamespace + "dealers/" + Uri.EscapeDataString(dealerId);

    /// <summary>The URL that names a shipment (a despatch advice, CBV bizTransaction type desadv).</summary>
    public string Shipment(Guid shipmentId) => _options.ExtensionNamespace + "shipments/" + shipmentId.ToString("D");

    public CapturedEventRecord Shipping(Guid shipmentId, string? from, string to, ChannelCodes codes, DateTimeOffset at) => Record(
        at, codes, "shipping", "in_transit", Party(from), [new(Shipment(shipmentId), "desadv")], [new("owning_party", Party(from))], [new("owning_party", Party(to))]);

    public CapturedEventRecord Receiving(string? from, string to, ChannelCodes codes, DateTimeOffset at) => Record(
        at, codes, "receiving", "in_progress", Party(to), [], [new("owning_party", Party(from))], [new("owning_party", Party(to))]);

    public CapturedEventRecord RetailSelling(string store, ChannelCodes codes, DateTimeOffset at) => Record(
        at, codes, "retail_selling", "retail_sold", Party(store), [], [new("owning_party", Party(store))], []);

    private CapturedEventRecord Record(
        DateTimeOffset at, ChannelCodes codes, string bizStep, string disposition, string location,
        IReadOnlyList<BizTransaction> transactions, IReadOnlyList<SourceDestination> sources, IReadOnlyList<SourceDestination> destinations)
    {
        var local = TimeZoneInfo.ConvertTime(EventBatch.Stored(at), _options.Zone);
        var key = $"urn:uuid:{Guid.NewGuid():D}";
        var e = new ObjectEvent
        {
            EventId = key,
            EventTime = local,
            EventTimeZoneOffset = EpcisTime.FormatOffset(local.Offset),
            Action = EpcisAction.Observe,
            EpcList = [.. codes.Ssccs.Select(s => new SsccId(Sscc.Parse(s)).DigitalLink), .. codes.Units.Select(u => new SgtinId(Gtin.Parse(u.Gtin), u.Serial).DigitalLink)],
            BizStep = bizStep,
            Disposition = disposition,
            BizLocation = location,
            BizTransactions = transactions,
            Sources = sources,
            Destinations = destinations,
        };
        JsonObject json = EpcisJson.Write(e);
        return new CapturedEventRecord(key, e.Type, e.EventTime, bizStep, EpcisEventHash.Compute(json), json.ToJsonString(EpcisJsonOutput.Options), EpcisEpcs.Of(json));
    }
}
