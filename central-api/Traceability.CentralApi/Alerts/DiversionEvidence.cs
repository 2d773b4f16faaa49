namespace Traceability.CentralApi.Alerts;

/// <summary>
/// The evidence of a diversion alert: the chain from the unit up through its case and pallet to the shipment, the
/// dealer it was shipped to (and where that dealer may sell), and the place it turned up. Links central cannot
/// establish are null. Stored as the alert's JSON evidence (camelCase).
/// </summary>
public sealed record DiversionEvidence(
    EvidenceUnit Unit,
    EvidenceContainer? Case,
    EvidenceContainer? Pallet,
    EvidenceShipment? Shipment,
    EvidenceDealer? Dealer,
    EvidencePlace? ActivationPlace);

/// <summary>The unit.</summary>
public sealed record EvidenceUnit(string Gtin, string Serial);

/// <summary>A case or pallet the unit was packed in.</summary>
public sealed record EvidenceContainer(string Sscc);

/// <summary>The shipment that carried the unit (or its case or pallet) to a dealer.</summary>
public sealed record EvidenceShipment(string ShipmentId, DateTimeOffset? ShippedAt);

/// <summary>The dealer the unit was shipped to and the regions it may sell in.</summary>
public sealed record EvidenceDealer(string DealerId, IReadOnlyList<string> AllowedRegions);

/// <summary>Where the unit turned up: a region code, how it was found (ip, gps, declared), when, and the address if by IP.</summary>
public sealed record EvidencePlace(string? Region, string Source, DateTimeOffset At, string? IpAddress = null);
