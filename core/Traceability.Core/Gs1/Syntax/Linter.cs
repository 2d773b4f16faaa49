namespace Traceability.Core.Gs1.Syntax;

/// <summary>
/// The content checks ("linters") named in the GS1 Barcode Syntax Dictionary that this library applies.
/// Names the dictionary uses that are not implemented map to <see cref="Unchecked"/>; <see cref="AiTable.UncheckedLinters"/> lists them.
/// </summary>
public enum Linter
{
    /// <summary>A linter the library does not implement (the component's character set and length are still checked).</summary>
    Unchecked,

    /// <summary>csum: GS1 mod-10 check digit in the last position.</summary>
    Csum,

    /// <summary>csumalpha: GS1 alphanumeric check character pair in the last two positions.</summary>
    CsumAlpha,

    /// <summary>yymmd0: date YYMMDD where DD may be 00 (no specific day).</summary>
    Yymmd0,

    /// <summary>yymmdd: date YYMMDD.</summary>
    Yymmdd,

    /// <summary>yyyymmdd: date YYYYMMDD.</summary>
    Yyyymmdd,

    /// <summary>hhmi: time HHMM.</summary>
    Hhmi,

    /// <summary>hh: hour 00–23.</summary>
    Hh,

    /// <summary>mi: minute 00–59.</summary>
    Mi,

    /// <summary>ss: second 00–59.</summary>
    Ss,

    /// <summary>nonzero: a number other than zero.</summary>
    NonZero,

    /// <summary>zero: the digit 0.</summary>
    Zero,

    /// <summary>yesno: 0 or 1.</summary>
    YesNo,

    /// <summary>iso3166: an ISO 3166-1 numeric country code.</summary>
    Iso3166,

    /// <summary>iso3166999: an ISO 3166-1 numeric country code or 999.</summary>
    Iso3166999,

    /// <summary>iso3166alpha2: an ISO 3166-1 alpha-2 country code.</summary>
    Iso3166Alpha2,

    /// <summary>iso4217: an ISO 4217 numeric currency code.</summary>
    Iso4217,

    /// <summary>pcenc: "%" only as the start of a two-hex-digit escape.</summary>
    PercentEncoded,

    /// <summary>hyphen: the character "-".</summary>
    Hyphen,

    /// <summary>hasnondigit: at least one character that is not a digit.</summary>
    HasNonDigit,

    /// <summary>nozeroprefix: no leading zero (unless the value is "0").</summary>
    NoZeroPrefix,

    /// <summary>pieceoftotal: NNMM, piece NN of total MM, 1 ≤ NN ≤ MM.</summary>
    PieceOfTotal,

    /// <summary>posinseqslash: "n/m", position n of m, 1 ≤ n ≤ m.</summary>
    PositionInSequence,

    /// <summary>winding: 0, 1 or 9.</summary>
    Winding,

    /// <summary>latitude: 10 digits, 0 – 1 800 000 000 (degrees × 10⁷ + 90°).</summary>
    Latitude,

    /// <summary>longitude: 10 digits, 0 – 3 600 000 000 (degrees × 10⁷ + 180°).</summary>
    Longitude,

    /// <summary>iso5218: 0, 1, 2 or 9.</summary>
    Iso5218,

    /// <summary>importeridx: one character of - 0–9 A–Z _ a–z.</summary>
    ImporterIndex,

    /// <summary>iban: an IBAN with a valid mod-97 check.</summary>
    Iban,
}
