namespace Traceability.Core.Gs1.Syntax;

/// <summary>
/// An AI or an AI pattern from the dictionary's <c>req=</c> / <c>ex=</c> attributes: digits, where "n" stands for any digit
/// ("310n" matches 3100–3109, "35nn" matches 3500–3599).
/// </summary>
/// <param name="Text">The pattern as written.</param>
public readonly record struct AiPattern(string Text)
{
    /// <summary>True when <paramref name="ai"/> matches the pattern.</summary>
    public bool Matches(string ai)
    {
        ArgumentNullException.ThrowIfNull(ai);
        if (ai.Length != Text.Length)
        {
            return false;
        }

        for (var i = 0; i < ai.Length; i++)
        {
            if (Text[i] != 'n' && Text[i] != ai[i])
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>"(01)" or "(310n)", for messages.</summary>
    public override string ToString() => $"({Text})";
}
