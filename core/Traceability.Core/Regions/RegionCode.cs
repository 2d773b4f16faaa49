using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Traceability.Core.Regions;

/// <summary>
/// A sales region: a country (ISO 3166-1 alpha-2), a subdivision (ISO 3166-2), a China administrative division
/// ("CN-PPCCDD"), or a custom code below one of these. Parsing upper-cases; the canonical form of a China
/// provincial-level division is numeric: "CN-GD" parses to "CN-440000", so both spell the same region.
/// </summary>
/// <remarks>
/// <para>Grammar (after upper-casing; letters A–Z, digits and '-' only, at most 64 characters):</para>
/// <list type="bullet">
/// <item><c>CC</c>: country, an ISO 3166-1 alpha-2 code from the ISO list, or a user-assigned one (AA, QM–QZ, XA–XZ, ZZ) for multi-country regions.</item>
/// <item><c>CN-PPCCDD</c>: China division, six digits; PP must be one of the 34 provincial-level divisions; CC = 00
/// implies DD = 00. Provinces PP0000, prefectures PPCC00, counties and districts PPCCDD.</item>
/// <item><c>CN-XX</c>: ISO 3166-2:CN letters of a provincial-level division, normalized to <c>CN-PP0000</c>.</item>
/// <item><c>CC-S</c> (CC not CN): ISO 3166-2 subdivision, S = 1–3 letters or digits.</item>
/// <item><c>CODE-SEG</c>: custom, a valid code plus a segment of 1–16 letters or digits (a first segment of 4+
/// characters, or a third segment); in China a first custom segment needs a letter. The prefix is canonicalized
/// ("CN-GD-SOUTH" is "CN-440000-SOUTH").</item>
/// </list>
/// <para>The parent implied by the code (<see cref="ImpliedParent"/>): county → prefecture → province → CN for China
/// (municipalities too: 110101 → 110100 → 110000 → CN), subdivision → country, custom → the code without its last
/// segment. A <see cref="RegionTree"/> can place regions under other parents, such as a dealer's grouping.</para>
/// </remarks>
public readonly record struct RegionCode
{
    /// <summary>The longest code accepted, in characters.</summary>
    public const int MaxLength = 64;

    private const int MaxCustomSegment = 16;

    private RegionCode(string value, RegionKind kind)
    {
        Value = value;
        Kind = kind;
    }

    /// <summary>The canonical text: upper case, China provincial aliases replaced by their numeric code.</summary>
    public string Value { get; }

    /// <summary>What the code denotes.</summary>
    public RegionKind Kind { get; }

    /// <summary>The country the region lies in (its first two letters).</summary>
    public RegionCode Country => IsDefault ? default : new RegionCode(Value[..2], RegionKind.Country);

    /// <summary>The parent the code itself implies, or null for a country.</summary>
    public RegionCode? ImpliedParent
    {
        get
        {
            switch (Kind)
            {
                case RegionKind.Country:
                    return null;
                case RegionKind.Subdivision or RegionKind.ChinaProvince:
                    return Country;
                case RegionKind.ChinaPrefecture:
                    return China(Number / 10000 * 10000);
                case RegionKind.ChinaCounty:
                    return China(Number / 100 * 100);
                default:
                    var prefix = Value[..Value.LastIndexOf('-')];
                    return Parse(prefix);
            }
        }
    }

    /// <summary>True for <c>default(RegionCode)</c>, which is no region.</summary>
    public bool IsDefault => Value is null;

    private int Number => int.Parse(Value.AsSpan(3, 6), NumberStyles.None, CultureInfo.InvariantCulture);

    /// <summary>Parses a region code.</summary>
    /// <exception cref="FormatException">The text is not a region code; the message says what is wrong and where.</exception>
    public static RegionCode Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return TryParse(text, out var code, out var reason) ? code : throw new FormatException(reason);
    }

    /// <summary>Parses a region code without throwing.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out RegionCode code) => TryParse(text, out code, out _);

    /// <summary>Parses a region code without throwing; on failure <paramref name="reason"/> says what is wrong and where.</summary>
    public static bool TryParse([NotNullWhen(true)] string? text, out RegionCode code, [NotNullWhen(false)] out string? reason)
    {
        code = default;
        if (string.IsNullOrEmpty(text))
        {
            reason = "Region code is empty.";
            return false;
        }

        if (text.Length > MaxLength)
        {
            reason = $"Region code \"{Shorten(text)}\": {text.Length} characters, at most {MaxLength} allowed.";
            return false;
        }

        var upper = text.ToUpperInvariant();
        for (var i = 0; i < upper.Length; i++)
        {
            var c = upper[i];
            if (c is not ((>= 'A' and <= 'Z') or (>= '0' and <= '9') or '-'))
            {
                reason = $"Region code \"{text}\" position {i + 1}: '{c}' is not allowed (letters A–Z, digits, '-').";
                return false;
            }

            if (c == '-' && (i == 0 || i == upper.Length - 1 || upper[i - 1] == '-'))
            {
                reason = $"Region code \"{text}\" position {i + 1}: '-' must separate two non-empty segments.";
                return false;
            }
        }

        reason = ParseCanonical(text, upper, out code);
        return reason is null;
    }

    /// <summary>
    /// True when <paramref name="inner"/> lies inside <paramref name="outer"/> or is it, following only the parents
    /// the codes imply ("CN-440305" ⊂ "CN-440300" ⊂ "CN-440000" ⊂ "CN"). Use <see cref="RegionTree.Contains"/> to include
    /// registered groupings.
    /// </summary>
    public static bool Contains(RegionCode outer, RegionCode inner)
    {
        RequireNotDefault(outer, nameof(outer));
        RequireNotDefault(inner, nameof(inner));
        for (RegionCode? r = inner; r is { } current; r = current.ImpliedParent)
        {
            if (current == outer)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The canonical text.</summary>
    public override string ToString() => Value ?? string.Empty;

    internal static RegionCode China(int number) =>
        new("CN-" + number.ToString("D6", CultureInfo.InvariantCulture), KindOfChina(number));

    internal static void RequireNotDefault(RegionCode code, string paramName)
    {
        if (code.IsDefault)
        {
            throw new ArgumentException("The region code is the default value; parse one with RegionCode.Parse.", paramName);
        }
    }

    private static RegionKind KindOfChina(int number) =>
        number % 10000 == 0 ? RegionKind.ChinaProvince
        : number % 100 == 0 ? RegionKind.ChinaPrefecture
        : RegionKind.ChinaCounty;

    // ISO 3166-1 leaves these alpha-2 codes to users: brands use them for multi-country sales regions (e.g. "XA").
    private static bool IsUserAssigned(string country) =>
        country is "AA" or "ZZ" || (country[0] == 'Q' && country[1] >= 'M') || country[0] == 'X';

    private static string? ParseCanonical(string text, string upper, out RegionCode code)
    {
        code = default;
        var segments = upper.Split('-');
        var country = segments[0];
        if (country.Length != 2 || !country.All(char.IsAsciiLetter))
        {
            return $"Region code \"{text}\": country \"{country}\" must be two letters (ISO 3166-1 alpha-2).";
        }

        if (!Gs1.Syntax.IsoCodes.CountryAlpha2.Contains(country) && !IsUserAssigned(country))
        {
            return $"Region code \"{text}\": \"{country}\" is not an ISO 3166-1 alpha-2 country code (nor a user-assigned AA, QM–QZ, XA–XZ, ZZ).";
        }

        if (segments.Length == 1)
        {
            code = new RegionCode(country, RegionKind.Country);
            return null;
        }

        if (segments.Length == 2)
        {
            var s = segments[1];
            if (country == "CN" && s.All(char.IsAsciiDigit) && s.Length >= 4)
            {
                return ParseChinaNumber(text, s, out code);
            }

            if (country == "CN" && s.Length <= 3)
            {
                var province = ChinaDivisions.FindByIsoLetters(s);
                if (province is null)
                {
                    var hint = s.All(char.IsAsciiDigit) ? $" (a division code has six digits: CN-{s.PadRight(6, '0')}?)" : string.Empty;
                    return $"Region code \"{text}\": \"CN-{s}\" is not one of China's 34 provincial-level divisions{hint}.";
                }

                code = province.Code;
                return null;
            }

            if (s.Length <= 3)
            {
                code = new RegionCode(upper, RegionKind.Subdivision);
                return null;
            }
        }

        // Custom: a valid code plus one segment.
        var cut = upper.LastIndexOf('-');
        var last = upper[(cut + 1)..];
        if (last.Length > MaxCustomSegment)
        {
            return $"Region code \"{text}\" position {cut + 2}: segment \"{last}\" has {last.Length} characters, at most {MaxCustomSegment} allowed.";
        }

        if (!TryParse(upper[..cut], out var parent, out var parentReason))
        {
            return $"Region code \"{text}\": its prefix is not a region code. {parentReason}";
        }

        code = new RegionCode(parent.Value + "-" + last, RegionKind.Custom);
        return null;
    }

    private static string? ParseChinaNumber(string text, string digits, out RegionCode code)
    {
        code = default;
        if (digits.Length != 6)
        {
            return $"Region code \"{text}\": a China division code has six digits (PPCCDD), not {digits.Length}.";
        }

        var number = int.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);
        if (ChinaDivisions.FindByPrefix(number / 10000) is null)
        {
            return $"Region code \"{text}\": {digits[..2]} (digits 1–2) is not a China provincial-level division.";
        }

        if (number / 100 % 100 == 0 && number % 100 != 0)
        {
            return $"Region code \"{text}\": county digits {digits[4..]} (digits 5–6) need prefecture digits (3–4), not 00.";
        }

        code = China(number);
        return null;
    }

    private static string Shorten(string text) => text.Length <= 20 ? text : text[..20] + "…";
}
