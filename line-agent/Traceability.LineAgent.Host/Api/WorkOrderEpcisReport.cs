using System.Text.Json.Nodes;
using Google.Protobuf;
using Traceability.Contracts.Line.V1;
using Traceability.Core.Epcis;
using Traceability.Core.Gs1;
using Traceability.LineAgent.Outbox;

namespace Traceability.LineAgent.Host.Api;

/// <summary>
/// A work order's events as an EPCIS 2.0 EPCISDocument, through the mapping central's EPCIS interface uses
/// (<see cref="LineEventEpcis"/>): the line's outbox events in sequence order, each as protobuf JSON the way central
/// stores it. EPCs are EPC URIs split at the line's company prefix (Pipeline:CompanyPrefix) when the GTIN or SSCC
/// carries it, else GS1 Digital Link URIs.
/// </summary>
internal sealed class WorkOrderEpcisReport
{
    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default.WithFormatDefaultValues(false));
    private readonly LineEventEpcis _mapping;
    private readonly string _companyPrefix;

    public WorkOrderEpcisReport(string companyPrefix, TimeZoneInfo zone)
    {
        _companyPrefix = companyPrefix;
        _mapping = new LineEventEpcis(UnitEpc, SsccEpc, zone);
    }

    public JsonObject Write(string lineId, IReadOnlyList<OutboxEntry> events, DateTimeOffset creationDate, string extensionNamespace)
    {
        var epcis = new List<JsonObject>();
        foreach (var entry in events)
        {
            var e = entry.ToEvent();
            if (Facts(lineId, entry.EventId, e) is { } facts)
            {
                epcis.AddRange(_mapping.Map(facts).Select(EpcisJson.Write));
            }
        }

        return EpcisDocuments.Document(epcis, creationDate, new JsonObject { [LineEventEpcis.Prefix] = extensionNamespace });
    }

    private static LineEventFacts? Facts(string lineId, Guid eventId, LineEvent e)
    {
        (string Type, IMessage Body)? typed = e.BodyCase switch
        {
            LineEvent.BodyOneofCase.UnitCommissioned => (LineEventEpcis.Commissioned, e.UnitCommissioned),
            LineEvent.BodyOneofCase.UnitRejected => (LineEventEpcis.Rejected, e.UnitRejected),
            LineEvent.BodyOneofCase.UnitDecommissioned => (LineEventEpcis.Decommissioned, e.UnitDecommissioned),
            LineEvent.BodyOneofCase.Aggregated => (LineEventEpcis.Aggregated, e.Aggregated),
            LineEvent.BodyOneofCase.Disaggregated => (LineEventEpcis.Disaggregated, e.Disaggregated),
            LineEvent.BodyOneofCase.LabelReprinted => (LineEventEpcis.LabelReprinted, e.LabelReprinted),
            _ => null,
        };
        return typed is { } t
            ? new LineEventFacts(eventId, t.Type, e.OccurredAt.ToDateTimeOffset(), lineId, JsonNode.Parse(Formatter.Format(t.Body))!.AsObject())
            : null;
    }

    private string UnitEpc(SgtinId unit) =>
        _companyPrefix.Length is >= 6 and <= 12 && unit.Gtin.Value.AsSpan(1).StartsWith(_companyPrefix, StringComparison.Ordinal)
            ? unit.ToEpcUri(_companyPrefix.Length)
            : unit.DigitalLink;

    private string SsccEpc(string sscc)
    {
        var id = new SsccId(Sscc.Parse(sscc));
        return _companyPrefix.Length is >= 6 and <= 12 && sscc.AsSpan(1).StartsWith(_companyPrefix, StringComparison.Ordinal)
            ? id.ToEpcUri(_companyPrefix.Length)
            : id.DigitalLink;
    }
}
