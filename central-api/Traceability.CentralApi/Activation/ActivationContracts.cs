using System.Text.Json.Serialization;

namespace Traceability.CentralApi.Activation;

/// <summary>
/// <c>POST /api/activations</c>: what a device posts at first boot. All text, so a bad value is refused naming its
/// field rather than failing to bind.
/// </summary>
/// <param name="Code">The unit's code as scanned or printed: a Digital Link URI or a GS1 element string, with its DigSig (8030).</param>
/// <param name="AccountId">The account the device is activated under (1 to <see cref="ActivationValidation.MaxAccountIdLength"/> characters).</param>
/// <param name="Ip">The device's public IP address (IPv4 or IPv6).</param>
/// <param name="ActivatedAt">When the device was activated, ISO 8601 (UTC when it carries no offset).</param>
public sealed record ActivationRequest(string? Code, string? AccountId, string? Ip, string? ActivatedAt);

/// <summary>The answer to an activation.</summary>
/// <param name="ActivationId">Central's id for this activation.</param>
/// <param name="Unit">The unit the code names.</param>
/// <param name="First">True when this is the unit's first activation; false when it was filed as history.</param>
/// <param name="Region">The region the IP address resolved to, or null.</param>
/// <param name="Diversion">True when activated outside the regions of the dealer the unit was last shipped to.</param>
/// <param name="AlertId">The diversion or unknown-serial alert raised (or already open), or null.</param>
/// <param name="DealerId">The dealer the unit was last shipped to, or null.</param>
/// <param name="Flags">Why the activation is not trusted.</param>
/// <param name="ActivatedAt">The device's time, as stored.</param>
/// <param name="ReceivedAt">Central's time of receipt.</param>
public sealed record ActivationResponse(
    Guid ActivationId,
    ActivationUnit Unit,
    bool First,
    string? Region,
    bool Diversion,
    Guid? AlertId,
    string? DealerId,
    ActivationFlagSet Flags,
    DateTimeOffset ActivatedAt,
    DateTimeOffset ReceivedAt);

/// <summary>A unit.</summary>
public sealed record ActivationUnit(string Gtin, string Serial);

/// <summary>The flags, one boolean each (docs/activation.md).</summary>
public sealed record ActivationFlagSet(bool UnknownSerial, bool Unshipped, bool Decommissioned, bool Retired, bool RegionUnknown)
{
    internal static ActivationFlagSet From(Storage.ActivationConcerns flags) => new(
        flags.HasFlag(Storage.ActivationConcerns.UnknownSerial),
        flags.HasFlag(Storage.ActivationConcerns.Unshipped),
        flags.HasFlag(Storage.ActivationConcerns.Decommissioned),
        flags.HasFlag(Storage.ActivationConcerns.Retired),
        flags.HasFlag(Storage.ActivationConcerns.RegionUnknown));
}

/// <summary><c>GET /api/reports/activations</c>.</summary>
/// <param name="By">batch, dealer or region.</param>
/// <param name="Units">What a group's <c>units</c> counts: commissioned (batch) or shipped (dealer, region).</param>
/// <param name="Groups">The groups, ordered by their key.</param>
public sealed record ActivationReport(string By, string Units, IReadOnlyList<ActivationReportGroup> Groups);

/// <summary>One group of the report; only the key fields of its grouping are present.</summary>
public sealed record ActivationReportGroup(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Gtin,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Lot,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? DealerId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Region,
    long Units,
    long Activated,
    double Rate,
    long Diversions);
