namespace Traceability.CentralApi.Units;

/// <summary>
/// A unit: everything central knows, with the containers above it (innermost first) and its way through the sales
/// channel (null while it has not left the brand).
/// </summary>
public sealed record UnitResponse(
    string Gtin,
    string Serial,
    ProductSummary? Product,
    BatchSummary? Batch,
    string State,
    string LineId,
    string? WorkOrderId,
    DateTimeOffset AllocatedAt,
    DateTimeOffset? CommissionedAt,
    UnitReference? ReplacedBy,
    UnitReference? Replaces,
    IReadOnlyList<ContainerSummary> Hierarchy,
    UnitChannel? Channel);

/// <summary>A product's model and name from the catalog.</summary>
public sealed record ProductSummary(string Model, string Name);

/// <summary>A batch: the lot, its expiry (from the label, else the catalog) and manufacture date (catalog).</summary>
public sealed record BatchSummary(string Lot, DateOnly? Expiry, DateOnly? ManufacturedOn);

/// <summary>A unit by GTIN and serial.</summary>
public sealed record UnitReference(string Gtin, string Serial);

/// <summary>A case or pallet.</summary>
public sealed record ContainerSummary(string Sscc, string State, string? LineId, DateTimeOffset? PackedAt);

/// <summary>
/// A container for staff: itself, the containers above it (innermost first), its direct children, how many units it
/// holds at any depth and, with <c>?depth=all</c>, those units (at most <see cref="Storage.ContainerContents.MaxListedUnits"/>;
/// <c>UnitsTruncated</c> says when there are more).
/// </summary>
public sealed record ContainerResponse(
    string Sscc,
    string State,
    string? LineId,
    DateTimeOffset? PackedAt,
    string? ReplacedBy,
    string? Replaces,
    IReadOnlyList<ContainerSummary> Hierarchy,
    IReadOnlyList<ChildItem> Children,
    int ChildCount,
    long UnitCount,
    IReadOnlyList<UnitReference>? Units,
    bool? UnitsTruncated);

/// <summary>A direct child: a container (SSCC) or a unit (GTIN and serial).</summary>
public sealed record ChildItem(string Kind, string? Sscc, string? Gtin, string? Serial)
{
    public static ChildItem Container(string sscc) => new("container", sscc, null, null);

    public static ChildItem Unit(string gtin, string serial) => new("unit", null, gtin, serial);
}
