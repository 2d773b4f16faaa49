using Traceability.Core.Gs1;

namespace Traceability.LineAgent.Storage;

/// <summary>A case holds units; a pallet holds cases.</summary>
public enum ContainerKind
{
    Case = 1,
    Pallet = 2,
}

/// <summary>Open: being filled. Closed: its aggregation event is in the outbox.</summary>
public enum ContainerState
{
    Open = 1,
    Closed = 2,
}

/// <summary>A case or pallet, identified by its SSCC.</summary>
/// <param name="Sscc">The container's SSCC (AI 00).</param>
/// <param name="Kind">Case or pallet.</param>
/// <param name="WorkOrderId">The work order it is packed for.</param>
/// <param name="State">Open or closed.</param>
/// <param name="ParentSscc">The pallet a case is on, if any.</param>
/// <param name="Units">A case's units, in packing order (empty for a pallet).</param>
/// <param name="Cases">A pallet's cases, in packing order (empty for a case).</param>
public sealed record ContainerRecord(
    Sscc Sscc,
    ContainerKind Kind,
    string WorkOrderId,
    ContainerState State,
    Sscc? ParentSscc,
    IReadOnlyList<UnitKey> Units,
    IReadOnlyList<Sscc> Cases)
{
    /// <summary>Units (case) or cases (pallet) inside.</summary>
    public int ChildCount => Units.Count + Cases.Count;
}
