namespace Traceability.LineAgent.Pipeline;

/// <summary>How the line's pipeline runs: verdict timing, SSCCs for cases and pallets, label templates. Section <c>Pipeline</c>.</summary>
public sealed class PipelineOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Pipeline";

    /// <summary>
    /// How long after its trigger a unit waits for a read of its own label; without one by then it is rejected
    /// "no-read". Keep it below <see cref="VerdictDeadline"/> by the time a commit and a PLC write take.
    /// </summary>
    public TimeSpan ReadWindow { get; set; } = TimeSpan.FromSeconds(1.5);

    /// <summary>
    /// When the PLC stops waiting for unit n's verdict and rejects it (its shift-register depth × the unit period).
    /// A verdict written later is "late": the unit is in the reject bin whatever the agent decided.
    /// </summary>
    public TimeSpan VerdictDeadline { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How often outstanding units are checked against their read window.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMilliseconds(20);

    /// <summary>How long a case or pallet label waits for its read before it is printed again.</summary>
    public TimeSpan ContainerReadWindow { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Prints of one case or pallet label (the first and the reprints) before the pipeline faults.</summary>
    public int ContainerLabelAttempts { get; set; } = 5;

    /// <summary>How often a faulted printer is asked for its status until it is ready again.</summary>
    public TimeSpan PrinterProbeInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>SSCC extension digit (0–9) for the line's cases and pallets.</summary>
    public int SsccExtensionDigit { get; set; }

    /// <summary>GS1 Company Prefix (4–12 digits) for the line's SSCCs.</summary>
    public string CompanyPrefix { get; set; } = "";

    /// <summary>The Digital Link prefix printed in the unit's QR code, e.g. <c>https://id.example.com</c>.</summary>
    public string DigitalLinkPrefix { get; set; } = "";

    /// <summary>Unit label template (JSON).</summary>
    public string UnitTemplate { get; set; } = "";

    /// <summary>Case label template (JSON).</summary>
    public string CaseTemplate { get; set; } = "";

    /// <summary>Pallet label template (JSON).</summary>
    public string PalletTemplate { get; set; } = "";

    /// <summary>Product name printed on the labels.</summary>
    public string Model { get; set; } = "";

    /// <summary>Destination printed on pallet labels.</summary>
    public string Destination { get; set; } = "";

    /// <summary>
    /// Units' worth of code paths run when the pipeline starts, before the first trigger, so the first units of a shift
    /// are as fast as the rest (0–1,000; 0: no warm-up). Nothing is printed or kept (see the pipeline's warm-up).
    /// </summary>
    public int WarmUpUnits { get; set; } = 64;

    /// <summary>Who the store's audit trail names for the pipeline's own corrective actions.</summary>
    public string AgentOperatorId { get; set; } = "line-agent";
}
