namespace Traceability.LineAgent.Manual;

/// <summary>What a reprint of a verified unit's label does.</summary>
public enum VerifiedUnitPolicy
{
    /// <summary>The same serial is printed again (engineer, reason, at most <see cref="ReprintOptions.MaxReprintsPerUnit"/> times per unit).</summary>
    Reprint = 1,

    /// <summary>The old serial is decommissioned and a new serial from the pool printed for the unit; its case is updated.</summary>
    Reissue = 2,
}
