namespace Traceability.Core.Gs1;

/// <summary>
/// One error found in a GS1 code: what kind, which AI (when known), where (1-based character position in the input),
/// and a sentence a plant engineer can act on, e.g. "AI (17) at position 19: month 13 is not a month".
/// </summary>
/// <param name="Kind">The kind of error.</param>
/// <param name="Ai">The Application Identifier concerned, without brackets; null when the error is not tied to one.</param>
/// <param name="Position">1-based position in the input of the first offending character (0 when not positional).</param>
/// <param name="Message">The full human-readable message.</param>
public sealed record Gs1Error(Gs1ErrorKind Kind, string? Ai, int Position, string Message)
{
    /// <inheritdoc />
    public override string ToString() => Message;

    internal static Gs1Error At(Gs1ErrorKind kind, string? ai, int position, string detail)
    {
        var where = (ai, position) switch
        {
            (not null, > 0) => $"AI ({ai}) at position {position}: ",
            (not null, _) => $"AI ({ai}): ",
            (null, > 0) => $"Position {position}: ",
            _ => string.Empty,
        };
        return new Gs1Error(kind, ai, position, where + detail);
    }
}
