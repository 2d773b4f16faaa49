namespace Traceability.Core.Gs1;

/// <summary>One GS1 element: an Application Identifier and its data, e.g. (21) "ABC123".</summary>
/// <param name="Ai">The AI digits, without brackets: "01", "21", "8030".</param>
/// <param name="Value">The data field, without the AI and without any FNC1 / GS separator.</param>
public readonly record struct AiValue(string Ai, string Value)
{
    /// <summary>The human-readable form, "(21)ABC123".</summary>
    public override string ToString() => $"({Ai}){Value}";
}
