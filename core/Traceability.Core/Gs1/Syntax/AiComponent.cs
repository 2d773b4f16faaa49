namespace Traceability.Core.Gs1.Syntax;

/// <summary>
/// One component of an AI's data field as the GS1 Barcode Syntax Dictionary specifies it, e.g. "N6,yymmd0"
/// (six digits, checked as a date with day 00 allowed) or "[X..17]" (optional, up to 17 CSET 82 characters).
/// </summary>
/// <param name="CharacterSet">The characters allowed.</param>
/// <param name="MinLength">Fewest characters (equal to <paramref name="MaxLength"/> for a fixed-length component).</param>
/// <param name="MaxLength">Most characters.</param>
/// <param name="Optional">True for a bracketed component that may be left out at the end of the data.</param>
/// <param name="Linters">The content checks applied to this component, in dictionary order.</param>
/// <param name="LinterNames">The linter names as written in the dictionary, for messages and documentation.</param>
public sealed record AiComponent(
    CharacterSet CharacterSet,
    int MinLength,
    int MaxLength,
    bool Optional,
    IReadOnlyList<Linter> Linters,
    IReadOnlyList<string> LinterNames)
{
    /// <summary>True when the component has one fixed length.</summary>
    public bool IsFixedLength => MinLength == MaxLength;
}
