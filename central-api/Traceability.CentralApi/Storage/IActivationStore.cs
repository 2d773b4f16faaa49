namespace Traceability.CentralApi.Storage;

/// <summary>
/// Activations: the first activation of each unit, kept for good, and every later one as history. Implemented by each
/// central store over its own database; docs/activation.md has the rules.
/// </summary>
public interface IActivationStore
{
    /// <summary>
    /// What central knows of a unit that a device activates, in one statement: its state, batch, whether it is retired,
    /// the case and pallet it is packed in, and the dealer it was last shipped to (with that dealer's regions).
    /// </summary>
    /// <returns>Null when central never allocated the serial.</returns>
    Task<ActivationSubject?> GetActivationSubjectAsync(string gtin, string serial, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records an activation in one write: as the unit's first activation when it has none, otherwise as history (the
    /// first is never overwritten). Two concurrent first activations of one unit end as one first and one history row.
    /// </summary>
    /// <returns>True when this activation is now the unit's first.</returns>
    Task<bool> RecordActivationAsync(ActivationRecord activation, CancellationToken cancellationToken = default);

    /// <summary>The unit's first activation, or null.</summary>
    Task<ActivationRecord?> GetFirstActivationAsync(string gtin, string serial, CancellationToken cancellationToken = default);

    /// <summary>Every activation of the unit: the first, then the history by time received.</summary>
    Task<IReadOnlyList<ActivationRecord>> ListActivationsAsync(string gtin, string serial, CancellationToken cancellationToken = default);

    /// <summary>
    /// Marks the unit retired (taken out of use for good after it reached a customer, as a trade-in does); the first
    /// retirement's time is kept.
    /// </summary>
    /// <returns>False when central has no such unit.</returns>
    Task<bool> RetireUnitAsync(string gtin, string serial, DateTimeOffset retiredAt, CancellationToken cancellationToken = default);

    /// <summary>The activation rates grouped <paramref name="by"/>, computed set-based in the database, ordered by group.</summary>
    Task<IReadOnlyList<ActivationReportRow>> GetActivationReportAsync(ActivationGrouping by, CancellationToken cancellationToken = default);

    /// <summary>
    /// The first activations that were diversions held against <paramref name="dealerId"/> (the units counted by
    /// <see cref="IPriceWatchStore.CountDivertedActivationsByDealerAsync"/>), newest received first, at most
    /// <paramref name="limit"/> (1 to 1,000).
    /// </summary>
    Task<IReadOnlyList<ActivationRecord>> ListDivertedActivationsAsync(string dealerId, int limit, CancellationToken cancellationToken = default);
}

/// <summary>Why an activation is not trusted; any combination.</summary>
[Flags]
public enum ActivationConcerns
{
    /// <summary>Nothing wrong.</summary>
    None = 0,

    /// <summary>Central never allocated the serial.</summary>
    UnknownSerial = 1,

    /// <summary>The unit never left the brand (no shipment to a dealer).</summary>
    Unshipped = 2,

    /// <summary>The unit (or its label) was taken out of use: sampled, destroyed, inactive, scrapped or void.</summary>
    Decommissioned = 4,

    /// <summary>The unit was retired (traded in).</summary>
    Retired = 8,

    /// <summary>The device's IP address is in no region central knows: the region cannot be compared.</summary>
    RegionUnknown = 16,
}

/// <summary>One activation as stored.</summary>
/// <param name="ActivationId">Central's id for it.</param>
/// <param name="Gtin">14 digits.</param>
/// <param name="Serial">The serial.</param>
/// <param name="AccountId">The account the device was activated under.</param>
/// <param name="IpAddress">The device's IP address as it posted it (canonical text).</param>
/// <param name="Region">The region the IP address resolved to, or null.</param>
/// <param name="ActivatedAt">When the device says it was activated.</param>
/// <param name="ReceivedAt">When central received the activation.</param>
/// <param name="Flags">Why it is not trusted (none: trusted).</param>
/// <param name="Diversion">True when it was activated outside the regions of the dealer the unit was last shipped to.</param>
/// <param name="DealerId">That dealer, or null.</param>
public sealed record ActivationRecord(
    Guid ActivationId,
    string Gtin,
    string Serial,
    string AccountId,
    string IpAddress,
    string? Region,
    DateTimeOffset ActivatedAt,
    DateTimeOffset ReceivedAt,
    ActivationConcerns Flags,
    bool Diversion,
    string? DealerId);

/// <summary>What central knows of a unit being activated.</summary>
/// <param name="State">The unit's serial state.</param>
/// <param name="Lot">Its batch, when commissioned with one.</param>
/// <param name="RetiredAt">When it was retired, or null.</param>
/// <param name="CaseSscc">The container it is packed in, or null.</param>
/// <param name="PalletSscc">The container that container is in, or null.</param>
/// <param name="Dealer">The dealer it was last shipped to, or null when it never left the brand.</param>
/// <param name="ShipmentId">The last shipment, with <paramref name="Dealer"/>.</param>
/// <param name="ShippedAt">When it was last shipped, with <paramref name="Dealer"/>.</param>
public sealed record ActivationSubject(
    Traceability.Core.Lifecycle.SerialState State,
    string? Lot,
    DateTimeOffset? RetiredAt,
    string? CaseSscc,
    string? PalletSscc,
    DealerRecord? Dealer,
    Guid? ShipmentId,
    DateTimeOffset? ShippedAt);

/// <summary>How the activation report groups units.</summary>
public enum ActivationGrouping
{
    /// <summary>By batch (GTIN and lot) over the units commissioned.</summary>
    Batch,

    /// <summary>By the dealer each unit was last shipped to.</summary>
    Dealer,

    /// <summary>By each region the dealer a unit was last shipped to may sell in.</summary>
    Region,
}

/// <summary>One group of the activation report.</summary>
/// <param name="Key">The lot (batch; empty when units carry none), the dealer id, or the region code.</param>
/// <param name="Gtin">The GTIN of a batch; null for the other groupings.</param>
/// <param name="Units">Units commissioned (batch) or shipped (dealer, region) in the group.</param>
/// <param name="Activated">Of those, units with a first activation.</param>
/// <param name="Diversions">Of those, units whose first activation was a diversion.</param>
public sealed record ActivationReportRow(string Key, string? Gtin, long Units, long Activated, long Diversions)
{
    /// <summary>Activated ÷ units (0 for an empty group).</summary>
    public double Rate => Units == 0 ? 0 : (double)Activated / Units;
}
