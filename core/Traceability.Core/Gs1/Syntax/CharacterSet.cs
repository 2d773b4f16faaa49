namespace Traceability.Core.Gs1.Syntax;

/// <summary>The character sets of GS1 data fields (GS1 General Specifications, figures 7.11-1 to 7.11-3).</summary>
public enum CharacterSet
{
    /// <summary>"N": digits 0–9.</summary>
    Numeric,

    /// <summary>"X": GS1 AI encodable character set 82.</summary>
    Cset82,

    /// <summary>"Y": GS1 AI encodable character set 39 (# - / 0–9 A–Z).</summary>
    Cset39,

    /// <summary>"Z": file-safe, URI-safe base64 (A–Z a–z 0–9 - _, with "=" only as trailing padding).</summary>
    Base64Url,
}

/// <summary>Membership tests for <see cref="CharacterSet"/>, table-driven for the parser's hot path.</summary>
public static class CharacterSets
{
    private const string Cset82Chars = "!\"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz";
    private const string Cset39Chars = "#-/0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private const string Base64UrlChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    private static readonly byte[] Table = BuildTable();

    /// <summary>The 82 characters of CSET 82, in the order of the GS1 General Specifications.</summary>
    public static string Cset82 => Cset82Chars;

    /// <summary>True when <paramref name="c"/> belongs to <paramref name="set"/> ("=" counts for base64url; where it may stand is checked separately).</summary>
    public static bool Contains(CharacterSet set, char c) =>
        c < 128 && (Table[c] & (1 << (int)set)) != 0;

    /// <summary>Index of the first character of <paramref name="value"/> outside <paramref name="set"/>, or -1.</summary>
    public static int IndexOfInvalid(CharacterSet set, ReadOnlySpan<char> value)
    {
        var mask = 1 << (int)set;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c >= 128 || (Table[c] & mask) == 0)
            {
                return i;
            }
        }

        if (set == CharacterSet.Base64Url)
        {
            // "=" is padding: only at the end, at most two.
            var firstPad = value.IndexOf('=');
            if (firstPad >= 0)
            {
                for (var i = firstPad; i < value.Length; i++)
                {
                    if (value[i] != '=' || i - firstPad >= 2)
                    {
                        return i;
                    }
                }
            }
        }

        return -1;
    }

    /// <summary>A short name for messages: "digits", "CSET 82", …</summary>
    public static string Describe(CharacterSet set) => set switch
    {
        CharacterSet.Numeric => "digits",
        CharacterSet.Cset82 => "GS1 CSET 82",
        CharacterSet.Cset39 => "GS1 CSET 39",
        CharacterSet.Base64Url => "base64url",
        _ => set.ToString(),
    };

    private static byte[] BuildTable()
    {
        var table = new byte[128];
        foreach (var c in "0123456789")
        {
            table[c] |= 1 << (int)CharacterSet.Numeric;
        }

        foreach (var c in Cset82Chars)
        {
            table[c] |= 1 << (int)CharacterSet.Cset82;
        }

        foreach (var c in Cset39Chars)
        {
            table[c] |= 1 << (int)CharacterSet.Cset39;
        }

        foreach (var c in Base64UrlChars + "=")
        {
            table[c] |= 1 << (int)CharacterSet.Base64Url;
        }

        return table;
    }
}
