using Microsoft.Extensions.Options;
using Traceability.CentralApi.Alerts;
using Traceability.CentralApi.Codes;
using Traceability.CentralApi.Storage;
using Traceability.Core.Regions;

namespace Traceability.CentralApi.Inspections;

/// <summary>
/// Judges an inspector's scan: reads the code's verdict, finds the unit's dealer, decides diversion, stores the finding
/// (with its photo) and raises the alert it calls for. docs/inspections.md has the rules.
/// </summary>
public sealed class InspectionService(
    IInspectionStore store,
    IPackingHierarchy hierarchy,
    IChannelStore channel,
    AlertService alerts,
    RegionTree regions,
    TimeProvider time,
    IOptions<InspectionOptions> options,
    ILogger<InspectionService> logger)
{
    private readonly TimeZoneInfo _zone = TimeZoneInfo.FindSystemTimeZoneById(options.Value.TimeZone);

    /// <summary>The finding and the name of its dealer (for the answer).</summary>
    public sealed record Outcome(InspectionRecord Inspection, string? DealerName);

    internal async Task<Outcome> InspectAsync(ValidInspection request, CodeCheck check, string inspector, CancellationToken cancellationToken)
    {
        // As stored (UTC, microseconds), so the answer and every later read agree.
        var now = EventBatch.Stored(time.GetUtcNow());
        var gtin = check.Gtin!;
        var serial = check.Serial!;
        var photo = request.Photo is { } p ? new InspectionPhotoInfo(p.ContentType, p.Bytes.Length, InspectionArguments.Sha256(p.Bytes)) : null;
        var inspection = new InspectionRecord(
            Guid.CreateVersion7(now), now, inspector, request.Code, check.Status, gtin, serial, InspectionFinding.CounterfeitSuspicion,
            request.StoreRegion.Value, request.StoreName, null, [], null, false, null, photo);

        // A code that is not genuine names a serial nobody can vouch for: judging its channel would blame the dealer of
        // the real unit the copy was taken from, so nothing is looked up. The copy itself is the finding.
        UnitHierarchy? unit = null;
        ChannelState? state = null;
        if (check.IsGenuine)
        {
            unit = await hierarchy.GetUnitHierarchyAsync(gtin, serial, cancellationToken);
            state = unit is null ? null : await channel.GetChannelStateAsync(gtin, serial, cancellationToken);
            inspection = Judge(inspection, unit, state);
        }

        await store.AddInspectionAsync(inspection, request.Photo?.Bytes, cancellationToken);
        InspectionLog.Recorded(logger, inspection.InspectionId, inspector, inspection.Finding, gtin, serial, inspection.StoreRegion);

        var raised = await RaiseAsync(inspection, check, unit, state, cancellationToken);
        if (raised is not null)
        {
            // The finding is stored before the alert (the evidence must not depend on the alert succeeding); the link follows.
            await store.SetInspectionAlertAsync(inspection.InspectionId, raised.Alert.AlertId, cancellationToken);
            inspection = inspection with { AlertId = raised.Alert.AlertId };
        }

        return new Outcome(inspection, state?.Dealer.Name);
    }

    private InspectionRecord Judge(InspectionRecord inspection, UnitHierarchy? unit, ChannelState? state)
    {
        if (unit is null)
        {
            return inspection with { Finding = InspectionFinding.UnknownSerial };
        }

        if (state is null)
        {
            return inspection with { Finding = InspectionFinding.NotShipped };
        }

        var storeRegion = RegionCode.Parse(inspection.StoreRegion);
        var inside = state.Dealer.Regions.Any(r => RegionCode.TryParse(r, out var authorized) && regions.Contains(authorized, storeRegion));
        return inspection with
        {
            Finding = inside ? InspectionFinding.Authorized : InspectionFinding.Diversion,
            DealerId = state.Dealer.Id,
            DealerRegions = state.Dealer.Regions,
            ShipmentId = state.ShipmentId,
            Diversion = !inside,
        };
    }

    private async Task<RaisedAlert?> RaiseAsync(
        InspectionRecord inspection, CodeCheck check, UnitHierarchy? unit, ChannelState? state, CancellationToken cancellationToken)
    {
        var (gtin, serial) = (inspection.Gtin, inspection.Serial);
        var where = $"{inspection.StoreName} ({inspection.StoreRegion})";
        switch (inspection.Finding)
        {
            case InspectionFinding.Diversion:
                return await alerts.RaiseAsync(
                    AlertKind.Diversion,
                    $"Inspector {inspection.Inspector} found serial {serial} (GTIN {gtin}) at {where}, outside the regions of dealer {state!.Dealer.Id} ({string.Join(", ", state.Dealer.Regions)}).",
                    Evidence(inspection, check, unit, state),
                    gtin,
                    serial,
                    DedupKey("diversion", inspection),
                    cancellationToken);
            case InspectionFinding.CounterfeitSuspicion:
                return await alerts.RaiseAsync(
                    AlertKind.CounterfeitSuspicion,
                    $"Inspector {inspection.Inspector} scanned serial {serial} (GTIN {gtin}) at {where}: {check.Reason}",
                    Evidence(inspection, check, null, null),
                    gtin,
                    serial,
                    DedupKey("counterfeit_suspicion", inspection),
                    cancellationToken);
            case InspectionFinding.UnknownSerial:
                return await alerts.RaiseUnknownSerialAsync(
                    gtin,
                    serial,
                    $"Inspector {inspection.Inspector} scanned serial {serial} (GTIN {gtin}) at {where}, which central never allocated.",
                    Evidence(inspection, check, null, null),
                    cancellationToken);
            default:
                return null;
        }
    }

    // One alert per inspector, unit and local day while it is open: an inspector rescanning the same unit the same day
    // adds findings, not alerts; another inspector, or the next day, is new evidence and opens its own.
    private string DedupKey(string kind, InspectionRecord inspection)
    {
        var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(inspection.InspectedAt, _zone).DateTime);
        return $"{kind}:inspection:{inspection.Inspector}:{inspection.Gtin}:{inspection.Serial}:{day:yyyy-MM-dd}";
    }

    private static InspectionEvidence Evidence(InspectionRecord inspection, CodeCheck check, UnitHierarchy? unit, ChannelState? state) => new(
        "inspection",
        new EvidenceUnit(inspection.Gtin, inspection.Serial),
        unit?.Containers.Count > 0 ? new EvidenceContainer(unit.Containers[0].Sscc) : null,
        unit?.Containers.Count > 1 ? new EvidenceContainer(unit.Containers[1].Sscc) : null,
        state is null ? null : new EvidenceShipment(state.ShipmentId.ToString("D"), state.ShippedAt),
        state is null ? null : new EvidenceDealer(state.Dealer.Id, state.Dealer.Regions),
        new EvidenceInspection(
            inspection.InspectionId, inspection.StoreRegion, inspection.StoreName, inspection.Inspector, inspection.InspectedAt,
            check.Status.ToString(), check.Reason, inspection.Code, inspection.Photo is not null));
}

internal static partial class InspectionLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Inspection {InspectionId} by {Inspector}: {Finding} for {Gtin}/{Serial} in {StoreRegion}")]
    public static partial void Recorded(ILogger logger, Guid inspectionId, string inspector, InspectionFinding finding, string gtin, string serial, string storeRegion);
}
