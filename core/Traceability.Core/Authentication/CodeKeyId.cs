using System.Diagnostics.CodeAnalysis;

namespace Traceability.Core.Authentication;

/// <summary>
/// The id of a brand's code-signing key, carried in every DigSig value so keys can rotate: 1 to 3 base64url
/// characters (A–Z a–z 0–9 - _), case-sensitive.
/// </summary>
public readonly record struct CodeKeyId
{
    /// <summary>The shortest key id: 1 character.</summary>
    public const int MinLength = 1;

    /// <summary>The longest key id: 3 characters (1 + 3 + 86 = 90, the limit of AI 8030).</summary>
    public const int MaxLength = 3;

    internal CodeKeyId(string value) => Value = value;

    /// <summary>The key id's characters.</summary>
    public string Value { get; }

    /// <summary>Parses a key id.</summary>
    /// <exception cref="FormatException">Not 1–3 base64url characters; the message says which character or why.</exception>
    public static CodeKeyId Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text, out var id, out var reason) ? id : throw new FormatException(reason);
    }

    /// <summary>Parses a key id without throwing.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out CodeKeyId keyId) => TryParse(text, out keyId, out _);

    /// <summary>Parses a key id without throwing; on failure <paramref name="reason"/> says what is wrong and where.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out CodeKeyId keyId, [NotNullWhen(false)] out string? reason)
    {
        keyId = default;
        if (text is null || text.Length is < MinLength or > MaxLength)
        {
            reason = $"Key id \"{text}\": must be {MinLength} to {MaxLength} base64url characters, not {text?.Length ?? 0}.";
            return false;
        }

        for (var i = 0; i < text.Length; i++)
        {
            if (!DigSigFormat.IsBase64UrlChar(text[i]))
            {
                reason = $"Key id \"{text}\" position {i + 1}: '{text[i]}' is not a base64url character.";
                return false;
            }
        }

        keyId = new CodeKeyId(text);
        reason = null;
        return true;
    }

    /// <summary>The key id's characters.</summary>
    public override string ToString() => Value ?? string.Empty;
}
