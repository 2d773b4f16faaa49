using System.Text.Json.Nodes;
using Traceability.CentralApi.Catalog;
using Traceability.CentralApi.Storage;
using Traceability.Core.Epcis;
using Traceability.Core.Gs1;

namespace Traceability.CentralApi.Epcis;

/// <summary>An EPCIS event exported from a line event, with its place in query order.</summary>
internal sealed record ExportedEvent(EpcisKeyset Position, EpcisEvent Event);

/// <summary>
/// Line events as EPCIS 2.0 events (the mapping table is in docs/epcis.md). Identifiers are EPC pure-identity URIs
/// split at the product's GS1 Company Prefix; a GTIN central has no product for is exported as a GS1 Digital Link URI,
/// which EPCIS 2.0 accepts as an EPC too.
/// </summary>
internal sealed class LineEventExport
{
    /// <summary>The JSON-LD prefix of our extension fields.</summary>
    public const string Prefix = LineEventEpcis.Prefix;

    public const string Rejected = LineEventEpcis.Rejected;
    public const string Decommissioned = LineEventEpcis.Decommissioned;
    public const string Aggregated = LineEventEpcis.Aggregated;
    public const string Disaggregated = LineEventEpcis.Disaggregated;
    public const string LabelReprinted = LineEventEpcis.LabelReprinted;

    // The second event of a reissue sorts right after the first: "+" follows the end of every "urn:uuid:…" key.
    private const string SecondEventSuffix = "+1";

    // Which line events can give an EPCIS event of each type / business step; WorkOrderClosed gives none (it is a
    // reconciliation count and names no object).
    private static readonly Dictionary<string, string[]> TypesByEventType = new(StringComparer.Ordinal)
    {
        ["ObjectEvent"] = [LineEventTypes.Commissioned, Rejected, Decommissioned, LabelReprinted],
        ["AggregationEvent"] = [Aggregated, Disaggregated],
    };

    private static readonly Dictionary<string, string[]> TypesByBizStep = new(StringComparer.Ordinal)
    {
        ["commissioning"] = [LineEventTypes.Commissioned, LabelReprinted],
        ["inspecting"] = [Rejected],
        ["decommissioning"] = [Decommissioned, LabelReprinted],
        ["encoding"] = [LabelReprinted],
        ["packing"] = [Aggregated],
        ["unpacking"] = [Disaggregated],
    };

    private readonly IReadOnlyDictionary<string, Product> _products;
    private readonly IReadOnlyList<string> _companyPrefixes;
    private readonly int? _ssccPrefixLength;
    private readonly LineEventEpcis _mapping;

    public LineEventExport(IReadOnlyDictionary<string, Product> products, IReadOnlyList<string> companyPrefixes, EpcisOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _products = products;
        _companyPrefixes = companyPrefixes;
        _ssccPrefixLength = options.SsccCompanyPrefixLength;
        _mapping = new LineEventEpcis(UnitEpc, SsccEpc, options.Zone);
    }

    /// <summary>Every line event type that gives at least one EPCIS event.</summary>
    public static IReadOnlyList<string> ExportedTypes { get; } = [.. TypesByEventType.Values.SelectMany(t => t).Distinct()];

    /// <summary>The line event types that can give events of these EPCIS types and business steps (null: any).</summary>
    public static IReadOnlyList<string> TypesFor(IReadOnlyList<string>? eventTypes, IReadOnlyList<string>? bizSteps)
    {
        IEnumerable<string> types = ExportedTypes;
        if (eventTypes is not null)
        {
            types = types.Intersect(eventTypes.SelectMany(t => TypesByEventType.GetValueOrDefault(t, [])));
        }

        if (bizSteps is not null)
        {
            types = types.Intersect(bizSteps.SelectMany(s => TypesByBizStep.GetValueOrDefault(s, [])));
        }

        return [.. types];
    }

    /// <summary>The GTINs a line event names (its unit, children, reissued items), for a bulk product lookup.</summary>
    public static IEnumerable<string> Gtins(StoredLineEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (e.Event.Gtin is { } gtin)
        {
            yield return gtin;
        }

        foreach (var unit in LineEventEpcis.Units(JsonNode.Parse(e.Event.Payload)))
        {
            yield return unit.Gtin;
        }
    }

    /// <summary>
    /// The id of the second event a reissue exports (the new item's commissioning): a name-based UUID (RFC 9562
    /// version 8, SHA-256) of the line event id, so that the same line event always exports the same ids.
    /// </summary>
    public static Guid SecondEventId(Guid lineEventId) => LineEventEpcis.SecondEventId(lineEventId);

    /// <summary>The EPCIS events of one line event, in query order (none for WorkOrderClosed and unknown types).</summary>
    /// <exception cref="FormatException">The stored payload does not have the shape its type promises.</exception>
    public IReadOnlyList<ExportedEvent> Export(StoredLineEvent stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var e = stored.Event;
        var payload = JsonNode.Parse(e.Payload) as JsonObject ?? throw new FormatException($"Line event {e.EventId}: the payload is not a JSON object.");
        var key = $"urn:uuid:{e.EventId:D}";
        var position = new EpcisKeyset(EventBatch.Stored(e.OccurredAt), key);
        var events = _mapping.Map(new LineEventFacts(e.EventId, e.Type, e.OccurredAt, stored.LineId, payload) { RecordTime = stored.ReceivedAt });
        return [.. events.Select((epcis, i) => new ExportedEvent(i == 0 ? position : position with { Key = key + SecondEventSuffix }, epcis))];
    }

    /// <summary>The EPC of a unit: the SGTIN URI when its product is known, else the Digital Link URI.</summary>
    public string UnitEpc(SgtinId unit) =>
        _products.TryGetValue(unit.Gtin.Value, out var product) ? unit.ToEpcUri(product.CompanyPrefixLength) : unit.DigitalLink;

    /// <summary>
    /// The EPC of an SSCC. GS1 Company Prefixes are prefix-free (no prefix begins another), so when the SSCC's digits
    /// after the extension digit begin with the prefix of a product central knows, that prefix is the SSCC's; else
    /// Epcis:SsccCompanyPrefixLength; else the Digital Link URI.
    /// </summary>
    public string SsccEpc(string sscc)
    {
        var id = new SsccId(Sscc.Parse(sscc));
        var known = _companyPrefixes.Where(p => sscc.AsSpan(1).StartsWith(p, StringComparison.Ordinal)).MaxBy(p => p.Length);
        return (known?.Length ?? _ssccPrefixLength) is { } length ? id.ToEpcUri(length) : id.DigitalLink;
    }
}
