namespace Traceability.Core.Gs1.Syntax;

/// <summary>A failed content check: what kind, where inside the component (0-based), and why.</summary>
internal readonly record struct LintFailure(Gs1ErrorKind Kind, int Offset, string Message);

/// <summary>The content checks of <see cref="Linter"/>; each is a pure function of one component's characters.</summary>
internal static class Linters
{
    private const string Cset32 = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ";
    private static readonly int[] Primes = [2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71, 73, 79, 83, 89, 97, 101, 103, 107, 109, 113];
    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> Countries = IsoCodes.CountryNumeric.GetAlternateLookup<ReadOnlySpan<char>>();
    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> CountriesAlpha2 = IsoCodes.CountryAlpha2.GetAlternateLookup<ReadOnlySpan<char>>();
    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> Currencies = IsoCodes.CurrencyNumeric.GetAlternateLookup<ReadOnlySpan<char>>();

    internal static Linter FromName(string name) => name switch
    {
        "csum" => Linter.Csum,
        "csumalpha" => Linter.CsumAlpha,
        "yymmd0" => Linter.Yymmd0,
        "yymmdd" => Linter.Yymmdd,
        "yyyymmdd" => Linter.Yyyymmdd,
        "hhmi" => Linter.Hhmi,
        "hh" => Linter.Hh,
        "mi" => Linter.Mi,
        "ss" => Linter.Ss,
        "nonzero" => Linter.NonZero,
        "zero" => Linter.Zero,
        "yesno" => Linter.YesNo,
        "iso3166" => Linter.Iso3166,
        "iso3166999" => Linter.Iso3166999,
        "iso3166alpha2" => Linter.Iso3166Alpha2,
        "iso4217" => Linter.Iso4217,
        "pcenc" => Linter.PercentEncoded,
        "hyphen" => Linter.Hyphen,
        "hasnondigit" => Linter.HasNonDigit,
        "nozeroprefix" => Linter.NoZeroPrefix,
        "pieceoftotal" => Linter.PieceOfTotal,
        "posinseqslash" => Linter.PositionInSequence,
        "winding" => Linter.Winding,
        "latitude" => Linter.Latitude,
        "longitude" => Linter.Longitude,
        "iso5218" => Linter.Iso5218,
        "importeridx" => Linter.ImporterIndex,
        "iban" => Linter.Iban,
        _ => Linter.Unchecked,
    };

    /// <summary>Applies <paramref name="linter"/> to <paramref name="v"/>; true when it passes.</summary>
    internal static bool TryCheck(Linter linter, ReadOnlySpan<char> v, out LintFailure failure)
    {
        failure = default;
        switch (linter)
        {
            case Linter.Csum:
                if (!Mod10.IsValid(v))
                {
                    failure = new(Gs1ErrorKind.CheckDigit, v.Length - 1, $"check digit is {v[^1]}, expected {Mod10.Compute(v[..^1])}");
                    return false;
                }

                return true;
            case Linter.CsumAlpha:
                return CheckAlphaPair(v, out failure);
            case Linter.Yymmd0:
                return CheckDate(v, fourDigitYear: false, dayZeroAllowed: true, out failure);
            case Linter.Yymmdd:
                return CheckDate(v, fourDigitYear: false, dayZeroAllowed: false, out failure);
            case Linter.Yyyymmdd:
                return CheckDate(v, fourDigitYear: true, dayZeroAllowed: false, out failure);
            case Linter.Hhmi:
                return CheckRange(v[..2], 0, 23, 0, "hour", Gs1ErrorKind.BadDate, out failure)
                    && CheckRange(v[2..], 0, 59, 2, "minute", Gs1ErrorKind.BadDate, out failure);
            case Linter.Hh:
                return CheckRange(v, 0, 23, 0, "hour", Gs1ErrorKind.BadDate, out failure);
            case Linter.Mi:
                return CheckRange(v, 0, 59, 0, "minute", Gs1ErrorKind.BadDate, out failure);
            case Linter.Ss:
                return CheckRange(v, 0, 59, 0, "second", Gs1ErrorKind.BadDate, out failure);
            case Linter.NonZero:
                return v.ContainsAnyExcept('0') || Fail(out failure, 0, "must not be zero");
            case Linter.Zero:
                return v is "0" || Fail(out failure, 0, "must be 0");
            case Linter.YesNo:
                return v is "0" or "1" || Fail(out failure, 0, $"'{v}' is not 0 (no) or 1 (yes)");
            case Linter.Iso3166:
                return Countries.Contains(v) || Fail(out failure, 0, $"{v} is not an ISO 3166 country code");
            case Linter.Iso3166999:
                return v is "999" || Countries.Contains(v) || Fail(out failure, 0, $"{v} is not an ISO 3166 country code or 999");
            case Linter.Iso3166Alpha2:
                return CountriesAlpha2.Contains(v) || Fail(out failure, 0, $"{v} is not an ISO 3166 alpha-2 country code");
            case Linter.Iso4217:
                return Currencies.Contains(v) || Fail(out failure, 0, $"{v} is not an ISO 4217 currency code");
            case Linter.PercentEncoded:
                return CheckPercentEncoding(v, out failure);
            case Linter.Hyphen:
                return v is "-" || Fail(out failure, 0, $"'{v}' must be '-'");
            case Linter.HasNonDigit:
                return v.ContainsAnyExceptInRange('0', '9') || Fail(out failure, 0, "must contain a character that is not a digit");
            case Linter.NoZeroPrefix:
                return v.Length < 2 || v[0] != '0' || Fail(out failure, 0, "must not start with 0");
            case Linter.PieceOfTotal:
                return CheckPieceOfTotal(v, out failure);
            case Linter.PositionInSequence:
                return CheckPositionInSequence(v, out failure);
            case Linter.Winding:
                return v is "0" or "1" or "9" || Fail(out failure, 0, $"winding direction '{v}' is not 0, 1 or 9");
            case Linter.Latitude:
                return CheckRange(v, 0, 1_800_000_000, 0, "latitude", Gs1ErrorKind.InvalidValue, out failure);
            case Linter.Longitude:
                return CheckRange(v, 0, 3_600_000_000, 0, "longitude", Gs1ErrorKind.InvalidValue, out failure);
            case Linter.Iso5218:
                return v is "0" or "1" or "2" or "9" || Fail(out failure, 0, $"'{v}' is not an ISO/IEC 5218 sex code (0, 1, 2, 9)");
            case Linter.ImporterIndex:
                return (v.Length == 1 && (char.IsAsciiLetterOrDigit(v[0]) || v[0] is '-' or '_'))
                    || Fail(out failure, 0, $"'{v}' is not an importer index (- 0-9 A-Z _ a-z)");
            case Linter.Iban:
                return CheckIban(v, out failure);
            default:
                return true;
        }
    }

    private static bool Fail(out LintFailure failure, int offset, string message, Gs1ErrorKind kind = Gs1ErrorKind.InvalidValue)
    {
        failure = new(kind, offset, message);
        return false;
    }

    private static int Digits(ReadOnlySpan<char> v)
    {
        var n = 0;
        foreach (var c in v)
        {
            n = (n * 10) + (c - '0');
        }

        return n;
    }

    private static bool CheckRange(ReadOnlySpan<char> v, long min, long max, int offset, string what, Gs1ErrorKind kind, out LintFailure failure)
    {
        long n = 0;
        foreach (var c in v)
        {
            n = (n * 10) + (c - '0');
        }

        if (n < min || n > max)
        {
            failure = new(kind, offset, $"{what} {v} is not between {min} and {max}");
            return false;
        }

        failure = default;
        return true;
    }

    private static bool CheckDate(ReadOnlySpan<char> v, bool fourDigitYear, bool dayZeroAllowed, out LintFailure failure)
    {
        var yearDigits = fourDigitYear ? 4 : 2;
        var year = Digits(v[..yearDigits]);
        var month = Digits(v.Slice(yearDigits, 2));
        var day = Digits(v.Slice(yearDigits + 2, 2));
        if (month is < 1 or > 12)
        {
            return Fail(out failure, yearDigits, $"month {month:00} is not a month", Gs1ErrorKind.BadDate);
        }

        // Two-digit years fall in 2000–2099 or 1951–2050 under the GS1 century rule; both agree that YY % 4 == 0 is a leap year.
        var leap = fourDigitYear ? DateTime.IsLeapYear(Math.Max(year, 1)) : year % 4 == 0;
        var daysInMonth = month == 2 ? (leap ? 29 : 28) : DateTime.DaysInMonth(2001, month);
        if ((day == 0 && !dayZeroAllowed) || day > daysInMonth)
        {
            return Fail(out failure, yearDigits + 2, $"day {day:00} is not a day of month {month:00}", Gs1ErrorKind.BadDate);
        }

        failure = default;
        return true;
    }

    private static bool CheckPercentEncoding(ReadOnlySpan<char> v, out LintFailure failure)
    {
        for (var i = 0; i < v.Length; i++)
        {
            if (v[i] == '%' && (i + 2 >= v.Length || !char.IsAsciiHexDigit(v[i + 1]) || !char.IsAsciiHexDigit(v[i + 2])))
            {
                return Fail(out failure, i, "'%' must start a two-hex-digit escape");
            }
        }

        failure = default;
        return true;
    }

    private static bool CheckPieceOfTotal(ReadOnlySpan<char> v, out LintFailure failure)
    {
        var piece = Digits(v[..2]);
        var total = Digits(v[2..]);
        if (piece == 0 || total == 0 || piece > total)
        {
            return Fail(out failure, 0, $"piece {piece} of total {total} is not a piece of the whole");
        }

        failure = default;
        return true;
    }

    private static bool CheckPositionInSequence(ReadOnlySpan<char> v, out LintFailure failure)
    {
        if (v.Length != 3 || !char.IsAsciiDigit(v[0]) || v[1] != '/' || !char.IsAsciiDigit(v[2]) || v[0] == '0' || v[0] > v[2])
        {
            return Fail(out failure, 0, $"'{v}' is not a position in a sequence such as 1/2");
        }

        failure = default;
        return true;
    }

    private static bool CheckAlphaPair(ReadOnlySpan<char> v, out LintFailure failure)
    {
        // GS1 General Specifications 7.9.5: CSET 82 values weighted by primes from the right, sum mod 1021, split base 32.
        var data = v[..^2];
        if (data.Length > Primes.Length)
        {
            return Fail(out failure, 0, "too long for an alphanumeric check character pair");
        }

        var sum = 0;
        for (var i = 0; i < data.Length; i++)
        {
            sum += CharacterSets.Cset82.IndexOf(data[i], StringComparison.Ordinal) * Primes[data.Length - 1 - i];
        }

        sum %= 1021;
        var expected0 = Cset32[sum >> 5];
        var expected1 = Cset32[sum & 31];
        if (v[^2] != expected0 || v[^1] != expected1)
        {
            return Fail(out failure, v.Length - 2, $"check characters are {v[^2..]}, expected {expected0}{expected1}", Gs1ErrorKind.CheckDigit);
        }

        failure = default;
        return true;
    }

    private static bool CheckIban(ReadOnlySpan<char> v, out LintFailure failure)
    {
        failure = default;
        if (v.Length < 5 || !char.IsAsciiLetterUpper(v[0]) || !char.IsAsciiLetterUpper(v[1]) || !CountriesAlpha2.Contains(v[..2])
            || !char.IsAsciiDigit(v[2]) || !char.IsAsciiDigit(v[3]))
        {
            return Fail(out failure, 0, "an IBAN starts with a country code and two check digits");
        }

        var remainder = 0;
        for (var k = 0; k < v.Length; k++)
        {
            var c = v[(k + 4) % v.Length];
            if (char.IsAsciiDigit(c))
            {
                remainder = ((remainder * 10) + (c - '0')) % 97;
            }
            else if (char.IsAsciiLetterUpper(c))
            {
                remainder = ((remainder * 100) + (c - 'A' + 10)) % 97;
            }
            else
            {
                return Fail(out failure, (k + 4) % v.Length, $"'{c}' cannot appear in an IBAN");
            }
        }

        return remainder == 1 || Fail(out failure, 2, "IBAN check digits do not match", Gs1ErrorKind.CheckDigit);
    }
}
