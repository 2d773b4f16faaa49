using System.Globalization;

namespace Traceability.Core.Serials;

/// <summary>
/// How the serials of one GTIN are written: an alphabet and a fixed length. A serial is the number
/// <c>0 ≤ v &lt; <see cref="CodeSpace"/></c> written in the alphabet, most significant character first,
/// left-padded with the alphabet's zero character.
/// </summary>
public sealed class SerialFormat
{
    /// <summary>Code spaces up to 2^63 are drawn as one masked 64-bit word; larger ones character by character.</summary>
    internal const ulong MaxWordDrawnSpace = 1UL << 63;

    private readonly int _shift;

    /// <summary>Creates a format of <paramref name="length"/> characters of <paramref name="alphabet"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="length"/> is not between 1 and 20 (GS1 AI 21 is X..20).</exception>
    public SerialFormat(SerialAlphabet alphabet, int length)
    {
        ArgumentNullException.ThrowIfNull(alphabet);
        if (length is < 1 or > Serial.MaxLength)
        {
            throw new ArgumentOutOfRangeException(
                nameof(length), length, $"Serial length {length}: must be 1 to {Serial.MaxLength} (GS1 AI 21 is X..20).");
        }

        Alphabet = alphabet;
        Length = length;
        UInt128 space = 1;
        for (var i = 0; i < length; i++)
        {
            space *= (uint)alphabet.Size; // 82^20 < 2^128: never overflows
        }

        CodeSpace = space;
        IsWordDrawn = space <= MaxWordDrawnSpace;
        WordSpace = IsWordDrawn ? (ulong)space : 0;
        _shift = int.IsPow2(alphabet.Size) ? int.Log2(alphabet.Size) : 0;
    }

    /// <summary>The characters serials are written in.</summary>
    public SerialAlphabet Alphabet { get; }

    /// <summary>The fixed number of characters of every serial.</summary>
    public int Length { get; }

    /// <summary>The number of distinct serials: alphabet size to the power of the length.</summary>
    public UInt128 CodeSpace { get; }

    /// <summary>True when the code space fits in 2^63, so a serial is one masked, rejection-sampled 64-bit word.</summary>
    internal bool IsWordDrawn { get; }

    /// <summary><see cref="CodeSpace"/> when <see cref="IsWordDrawn"/>; 0 otherwise.</summary>
    internal ulong WordSpace { get; }

    /// <summary>The code space for messages: "1e10" for digits, "32^10 (about 1.1e15)" otherwise.</summary>
    public string DescribeCodeSpace() =>
        Alphabet.Size == 10
            ? $"1e{Length}"
            : string.Create(CultureInfo.InvariantCulture, $"{Alphabet.Size}^{Length} (about {(double)CodeSpace:0.#e0})");

    /// <summary>Writes <paramref name="value"/> as a serial of this format.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is not below <see cref="CodeSpace"/>.</exception>
    public string Encode(UInt128 value)
    {
        if (value >= CodeSpace)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, $"Serial value {value} is outside the code space {DescribeCodeSpace()}.");
        }

        return string.Create(Length, (this, value), static (span, state) => state.Item1.EncodeUnchecked(state.value, span));
    }

    /// <summary>Writes <paramref name="value"/> into the first <see cref="Length"/> characters of <paramref name="destination"/>.</summary>
    /// <returns>The number of characters written, <see cref="Length"/>.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="value"/> is not below <see cref="CodeSpace"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than <see cref="Length"/>.</exception>
    public int Encode(UInt128 value, Span<char> destination)
    {
        if (value >= CodeSpace)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, $"Serial value {value} is outside the code space {DescribeCodeSpace()}.");
        }

        CheckDestination(destination);
        EncodeUnchecked(value, destination);
        return Length;
    }

    /// <summary>Reads the value of <paramref name="serial"/>; false when it is not a serial of this format.</summary>
    public bool TryDecode(ReadOnlySpan<char> serial, out UInt128 value)
    {
        value = 0;
        if (serial.Length != Length)
        {
            return false;
        }

        var radix = (uint)Alphabet.Size;
        foreach (var c in serial)
        {
            var digit = Alphabet.IndexOf(c);
            if (digit < 0)
            {
                value = 0;
                return false;
            }

            value = (value * radix) + (uint)digit;
        }

        return true;
    }

    /// <summary>Why <paramref name="serial"/> is not a serial of this format, or null when it is one.</summary>
    public string? FindProblem(ReadOnlySpan<char> serial)
    {
        if (serial.Length != Length)
        {
            return $"Serial \"{serial}\" has {serial.Length} characters; this format has exactly {Length} {Alphabet.Name}.";
        }

        for (var i = 0; i < serial.Length; i++)
        {
            if (!Alphabet.Contains(serial[i]))
            {
                return $"Serial \"{serial}\", position {i + 1}: {SerialAlphabet.Describe(serial[i])} is not one of the {Alphabet.Name}.";
            }
        }

        return null;
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Length} {Alphabet.Name}";

    internal void CheckDestination(Span<char> destination)
    {
        if (destination.Length < Length)
        {
            throw new ArgumentException(
                $"Destination holds {destination.Length} characters; a serial of this format needs {Length}.", nameof(destination));
        }
    }

    /// <summary>The hot path: writes a word-drawn value (below <see cref="WordSpace"/>) without checks.</summary>
    internal void EncodeWord(ulong value, Span<char> destination)
    {
        var chars = Alphabet.Characters;
        var i = Length - 1;
        if (Alphabet.Size == 10)
        {
            // Division by a constant compiles to a multiply: the common digits case is several times faster.
            for (; i >= 0; i--)
            {
                var quotient = value / 10;
                destination[i] = chars[(int)(value - (quotient * 10))];
                value = quotient;
            }
        }
        else if (_shift != 0)
        {
            var mask = (ulong)Alphabet.Size - 1;
            for (; i >= 0; i--)
            {
                destination[i] = chars[(int)(value & mask)];
                value >>= _shift;
            }
        }
        else
        {
            var radix = (ulong)Alphabet.Size;
            for (; i >= 0; i--)
            {
                var quotient = value / radix;
                destination[i] = chars[(int)(value - (quotient * radix))];
                value = quotient;
            }
        }
    }

    private void EncodeUnchecked(UInt128 value, Span<char> destination)
    {
        if (value <= ulong.MaxValue)
        {
            EncodeWord((ulong)value, destination);
            return;
        }

        var chars = Alphabet.Characters;
        var radix = (uint)Alphabet.Size;
        for (var i = Length - 1; i >= 0; i--)
        {
            var (quotient, remainder) = UInt128.DivRem(value, radix);
            destination[i] = chars[(int)remainder];
            value = quotient;
        }
    }
}
