using Traceability.Core.Lifecycle;

namespace Traceability.CentralApi.Storage.Projections;

/// <summary>
/// The projected columns of one unit or container row, as a store loads and saves them. Every field that events set is
/// a register kept with the version of the event that set it, so the newest event wins whatever the arrival order.
/// </summary>
internal sealed class ItemRow(ItemKey key)
{
    public ItemKey Key { get; } = key;

    /// <summary>Units: the line the serial was allocated to. Containers: the line that packed it (first packing).</summary>
    public string? LineId { get; set; }

    public SerialState State { get; set; }

    public string? StateVersion { get; set; }

    // Units only: the first commissioning (by version) and what it said.
    public DateTimeOffset? CommissionedAt { get; set; }

    public string? CommissionVersion { get; set; }

    public string? Lot { get; set; }

    public string? Expiry { get; set; }

    public string? WorkOrderId { get; set; }

    // Containers only.
    public DateTimeOffset? PackedAt { get; set; }

    public string? PackedVersion { get; set; }

    public string? EmptiedVersion { get; set; }

    /// <summary>The parent register: the container that last took this item (null: last taken out), as of <see cref="ParentVersion"/>.</summary>
    public string? ParentSscc { get; set; }

    public string? ParentVersion { get; set; }

    /// <summary>
    /// When the item entered <see cref="ParentSscc"/>: the parent version itself, or for a reissued label the version
    /// at which the item it replaces entered. Emptying the parent after this takes the item out.
    /// </summary>
    public string? EnteredVersion { get; set; }

    public ItemKey? ReplacedBy { get; set; }

    public string? ReplacedVersion { get; set; }

    public ItemKey? Replaces { get; set; }

    public ItemRow Clone() => (ItemRow)MemberwiseClone();

    public bool SameAs(ItemRow other) =>
        LineId == other.LineId && State == other.State && StateVersion == other.StateVersion
        && CommissionedAt == other.CommissionedAt && CommissionVersion == other.CommissionVersion
        && Lot == other.Lot && Expiry == other.Expiry && WorkOrderId == other.WorkOrderId
        && PackedAt == other.PackedAt && PackedVersion == other.PackedVersion && EmptiedVersion == other.EmptiedVersion
        && ParentSscc == other.ParentSscc && ParentVersion == other.ParentVersion && EnteredVersion == other.EnteredVersion
        && ReplacedBy == other.ReplacedBy && ReplacedVersion == other.ReplacedVersion && Replaces == other.Replaces;
}

/// <summary>One row of <c>container_members</c>: <paramref name="Member"/> is (or was) in <paramref name="ParentSscc"/>.</summary>
internal sealed record MemberRow(string ParentSscc, ItemKey Member, string EnteredVersion);

/// <summary>The database side of a projection, inside the append transaction.</summary>
internal interface IProjectionSession
{
    /// <summary>
    /// The rows of these items, locked until the transaction ends. Containers are created first when missing (a
    /// container exists once an event names it); units that central never allocated are left out.
    /// </summary>
    Task<IReadOnlyList<ItemRow>> LoadAsync(IReadOnlyCollection<ItemKey> keys, CancellationToken cancellationToken);

    /// <summary>Writes the changed rows and moves their membership rows.</summary>
    Task SaveAsync(IReadOnlyList<ItemRow> changed, IReadOnlyList<MemberRow> removed, IReadOnlyList<MemberRow> added, CancellationToken cancellationToken);
}
