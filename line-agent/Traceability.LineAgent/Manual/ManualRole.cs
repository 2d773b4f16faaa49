namespace Traceability.LineAgent.Manual;

/// <summary>Who asks for a manual action: an operator, or an engineer (who proved it with the engineer PIN).</summary>
public enum ManualRole
{
    /// <summary>Samples, and reprints of labels without a good verdict.</summary>
    Operator = 1,

    /// <summary>Everything: also reprints and reissues on verified units, decommissioning, disaggregation, re-aggregation.</summary>
    Engineer = 2,
}
