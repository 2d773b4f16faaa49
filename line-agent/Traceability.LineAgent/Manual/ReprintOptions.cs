namespace Traceability.LineAgent.Manual;

/// <summary>Reprint rules for labels on verified units. Section <c>Reprint</c>.</summary>
public sealed class ReprintOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Reprint";

    /// <summary>Reprint (same serial, limited) or reissue (new serial) a verified unit's label. Default: Reissue.</summary>
    public VerifiedUnitPolicy VerifiedUnitPolicy { get; set; } = VerifiedUnitPolicy.Reissue;

    /// <summary>
    /// How many times one unit's label may be printed again before an engineer's reprint of the verified unit is
    /// refused (every reprint of the unit counts, also those before its verdict). Default 2; 0 to 100.
    /// </summary>
    public int MaxReprintsPerUnit { get; set; } = 2;
}
