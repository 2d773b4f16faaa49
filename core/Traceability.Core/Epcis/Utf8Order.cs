using System.Text;

namespace Traceability.Core.Epcis;

/// <summary>
/// Orders strings by their UTF-8 bytes, as CBV 2.0 sorts pre-hash parts ("case-sensitive lexical ordering, considering
/// UTF-8/ASCII code values") and as SQLite (BINARY) and PostgreSQL (COLLATE "C") compare text. Ordinal UTF-16 order
/// differs from it only above U+FFFF against U+E000–U+FFFF, which is exactly where it must not.
/// </summary>
public sealed class Utf8Order : IComparer<string>
{
    /// <summary>The comparer.</summary>
    public static Utf8Order Instance { get; } = new();

    private Utf8Order()
    {
    }

    /// <inheritdoc/>
    public int Compare(string? x, string? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }

        if (x is null || y is null)
        {
            return x is null ? -1 : 1;
        }

        // ASCII strings (nearly all identifiers) compare the same in UTF-16 and UTF-8.
        if (Ascii.IsValid(x) && Ascii.IsValid(y))
        {
            return Math.Sign(string.CompareOrdinal(x, y));
        }

        return Math.Sign(Encoding.UTF8.GetBytes(x).AsSpan().SequenceCompareTo(Encoding.UTF8.GetBytes(y)));
    }
}
