namespace Traceability.Core.Serials;

/// <summary>
/// The characters a serial number is written in, in order: the first character is the zero digit, the
/// character at index <c>i</c> stands for the value <c>i</c>. Every alphabet is a subset of GS1 CSET 82,
/// the character set of AI (21).
/// </summary>
public sealed class SerialAlphabet
{
    /// <summary>The 82 characters of GS1 CSET 82 in ASCII order: <c>! " % &amp; ' ( ) * + , - . / 0-9 : ; &lt; = &gt; ? A-Z _ a-z</c>.</summary>
    public const string Gs1Cset82 = "!\"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz";

    private const int AsciiLimit = 128;
    private static readonly bool[] InCset82 = BuildCset82();

    private readonly sbyte[] _indexOf;

    private SerialAlphabet(string characters, string name)
    {
        Characters = characters;
        Name = name;
        _indexOf = new sbyte[AsciiLimit];
        Array.Fill(_indexOf, (sbyte)-1);
        for (var i = 0; i < characters.Length; i++)
        {
            _indexOf[characters[i]] = (sbyte)i;
        }
    }

    /// <summary>The ten digits <c>0123456789</c>.</summary>
    public static SerialAlphabet Digits { get; } = new("0123456789", "digits");

    /// <summary>Crockford's base32 <c>0123456789ABCDEFGHJKMNPQRSTVWXYZ</c>: no I, L, O or U to misread.</summary>
    public static SerialAlphabet CrockfordBase32 { get; } = new("0123456789ABCDEFGHJKMNPQRSTVWXYZ", "Crockford base32 characters");

    /// <summary>The characters in value order; <see cref="Zero"/> first.</summary>
    public string Characters { get; }

    /// <summary>A plural noun for messages: "digits", "Crockford base32 characters", …</summary>
    public string Name { get; }

    /// <summary>The number of characters, the radix of the encoding.</summary>
    public int Size => Characters.Length;

    /// <summary>The character that stands for zero, used to left-pad serials to their fixed length.</summary>
    public char Zero => Characters[0];

    /// <summary>
    /// A user-configured alphabet of GS1 CSET 82 characters, in the order given (the first is the zero character).
    /// </summary>
    /// <param name="characters">At least two distinct characters of GS1 CSET 82.</param>
    /// <exception cref="ArgumentException">A character is outside CSET 82 or repeated, or fewer than two characters are given.</exception>
    public static SerialAlphabet Gs1Subset(string characters)
    {
        ArgumentNullException.ThrowIfNull(characters);
        if (characters.Length < 2)
        {
            throw new ArgumentException(
                $"Serial alphabet \"{characters}\": needs at least 2 characters, has {characters.Length}.", nameof(characters));
        }

        for (var i = 0; i < characters.Length; i++)
        {
            var c = characters[i];
            if (!IsGs1Cset82(c))
            {
                throw new ArgumentException(
                    $"Serial alphabet \"{characters}\", position {i + 1}: {Describe(c)} is not in GS1 CSET 82 (allowed: {Gs1Cset82}).",
                    nameof(characters));
            }

            var first = characters.IndexOf(c, StringComparison.Ordinal);
            if (first < i)
            {
                throw new ArgumentException(
                    $"Serial alphabet \"{characters}\", position {i + 1}: '{c}' repeats position {first + 1}.", nameof(characters));
            }
        }

        return new SerialAlphabet(characters, $"characters of \"{characters}\"");
    }

    /// <summary>True when <paramref name="c"/> belongs to GS1 CSET 82.</summary>
    public static bool IsGs1Cset82(char c) => c < AsciiLimit && InCset82[c];

    /// <summary>The value of <paramref name="c"/> in this alphabet, or -1 when it is not one of its characters.</summary>
    public int IndexOf(char c) => c < AsciiLimit ? _indexOf[c] : -1;

    /// <summary>True when <paramref name="c"/> is one of this alphabet's characters.</summary>
    public bool Contains(char c) => IndexOf(c) >= 0;

    /// <inheritdoc/>
    public override string ToString() => $"{Name} ({Characters})";

    internal static string Describe(char c) =>
        c is >= ' ' and < (char)127 ? $"'{c}'" : $"U+{(int)c:X4}";

    private static bool[] BuildCset82()
    {
        var table = new bool[AsciiLimit];
        foreach (var c in Gs1Cset82)
        {
            table[c] = true;
        }

        return table;
    }
}
