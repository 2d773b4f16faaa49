using Traceability.LineAgent.Storage;

namespace Traceability.LineAgent.Manual;

/// <summary>What a reprint did.</summary>
public enum ReprintKind
{
    /// <summary>The same serial printed again; the unit's ReprintCount went up by one.</summary>
    Reprinted = 1,

    /// <summary>The old serial decommissioned, a new serial printed for the unit.</summary>
    Reissued = 2,
}

/// <summary>The outcome of <see cref="ManualWork.ReprintAsync"/>.</summary>
/// <param name="Kind">Reprinted or reissued.</param>
/// <param name="Unit">The unit as asked for, after the action (Inactive when reissued).</param>
/// <param name="NewUnit">The unit under its new serial when reissued; null otherwise.</param>
public sealed record ReprintOutcome(ReprintKind Kind, UnitRecord Unit, UnitRecord? NewUnit)
{
    /// <summary>The unit whose label was sent to the printer.</summary>
    public UnitRecord Printed => NewUnit ?? Unit;
}
