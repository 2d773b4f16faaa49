using Traceability.Core.Lifecycle;

namespace Traceability.CentralApi.Storage;

/// <summary>
/// The packing hierarchy both ways: a unit with every container above it, and a container with what it holds. Each
/// direction is keyed by what it is asked for (serial upwards, SSCC downwards), so both stay index lookups when the
/// tables are partitioned by serial and by SSCC.
/// </summary>
/// <remarks>
/// Built from the line events as they are stored (<see cref="ICentralStore.AppendEventsAsync"/>), in any arrival order.
/// Implemented by each central store over its own database.
/// </remarks>
public interface IPackingHierarchy
{
    /// <summary>The unit, with its case, that case's pallet and so on to the top; null when central never allocated it.</summary>
    Task<UnitHierarchy?> GetUnitHierarchyAsync(string gtin, string serial, CancellationToken cancellationToken = default);

    /// <summary>
    /// The container with the containers above it, its direct children, and how many units it holds at any depth;
    /// with <paramref name="listAllUnits"/>, also those units (at most <see cref="ContainerContents.MaxListedUnits"/>).
    /// Null when no event ever named the SSCC.
    /// </summary>
    Task<ContainerContents?> GetContainerContentsAsync(string sscc, bool listAllUnits, CancellationToken cancellationToken = default);
}

/// <summary>A unit's identity: GTIN (14 digits) and serial.</summary>
public readonly record struct UnitKey(string Gtin, string Serial);

/// <summary>A unit as central knows it, with what its commissioning said.</summary>
/// <param name="Gtin">14 digits.</param>
/// <param name="Serial">The AI (21) serial.</param>
/// <param name="LineId">The line the serial was allocated to.</param>
/// <param name="State">Its state (core lifecycle), as the newest event set it.</param>
/// <param name="AllocatedAt">When central allocated the serial.</param>
/// <param name="CommissionedAt">When it was commissioned (or, for a reissued label, applied); null before.</param>
/// <param name="Lot">The batch (AI 10) it was commissioned with.</param>
/// <param name="Expiry">The expiry (AI 17, YYMMDD) it was commissioned with.</param>
/// <param name="WorkOrderId">The work order it was made for.</param>
/// <param name="ReplacedBy">The serial whose label replaced this one on the unit (reissue).</param>
/// <param name="Replaces">The serial this label replaced (reissue).</param>
public sealed record UnitDetails(
    string Gtin,
    string Serial,
    string LineId,
    SerialState State,
    DateTimeOffset AllocatedAt,
    DateTimeOffset? CommissionedAt,
    string? Lot,
    string? Expiry,
    string? WorkOrderId,
    UnitKey? ReplacedBy,
    UnitKey? Replaces);

/// <summary>A case or pallet.</summary>
/// <param name="Sscc">18 digits.</param>
/// <param name="LineId">The line that packed it; null while only named as another's child.</param>
/// <param name="PackedAt">When it was first packed; null while only named as another's child.</param>
/// <param name="State">Its state as the newest event set it (Commissioned once packed; decommissioning moves it).</param>
/// <param name="ReplacedBy">The SSCC whose label replaced this one (reissue).</param>
/// <param name="Replaces">The SSCC this label replaced (reissue).</param>
public sealed record ContainerRecord(string Sscc, string? LineId, DateTimeOffset? PackedAt, SerialState State, string? ReplacedBy, string? Replaces);

/// <summary>A unit and the containers above it, innermost first (its case, then that case's pallet…).</summary>
public sealed record UnitHierarchy(UnitDetails Unit, IReadOnlyList<ContainerRecord> Containers);

/// <summary>A container, the containers above it (innermost first), its direct children and its units at any depth.</summary>
/// <param name="Container">The container itself.</param>
/// <param name="Parents">The containers above it, innermost first.</param>
/// <param name="ChildContainers">The SSCCs directly inside it, ascending.</param>
/// <param name="ChildUnits">The units directly inside it, ascending.</param>
/// <param name="UnitCount">Every unit inside it at any depth.</param>
/// <param name="Units">Those units (ascending, at most <see cref="MaxListedUnits"/>), when asked for.</param>
public sealed record ContainerContents(
    ContainerRecord Container,
    IReadOnlyList<ContainerRecord> Parents,
    IReadOnlyList<string> ChildContainers,
    IReadOnlyList<UnitKey> ChildUnits,
    long UnitCount,
    IReadOnlyList<UnitKey>? Units)
{
    /// <summary>The most units one answer lists; <see cref="UnitCount"/> still counts them all.</summary>
    public const int MaxListedUnits = 10_000;
}
