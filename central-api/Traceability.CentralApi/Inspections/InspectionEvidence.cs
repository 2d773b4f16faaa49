using Traceability.CentralApi.Alerts;

namespace Traceability.CentralApi.Inspections;

/// <summary>
/// The evidence of an alert an inspection raised (camelCase JSON). A diversion carries the chain unit → case → pallet →
/// shipment → dealer (as <see cref="DiversionEvidence"/> does for activations), then the store where the inspector found
/// it; links central cannot establish are null.
/// </summary>
public sealed record InspectionEvidence(
    string Source,
    EvidenceUnit Unit,
    EvidenceContainer? Case,
    EvidenceContainer? Pallet,
    EvidenceShipment? Shipment,
    EvidenceDealer? Dealer,
    EvidenceInspection Inspection);

/// <summary>The inspection: where (store region and name), who, when, what the code check said, and whether a photo was kept.</summary>
public sealed record EvidenceInspection(
    Guid InspectionId, string StoreRegion, string StoreName, string Inspector, DateTimeOffset At, string CodeStatus, string? CodeProblem, string Code, bool Photo);
