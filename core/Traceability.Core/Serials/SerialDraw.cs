using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace Traceability.Core.Serials;

/// <summary>Fills a buffer with random bytes; <see cref="RandomNumberGenerator.Fill"/> in production, a script in tests.</summary>
internal delegate void RandomFill(Span<byte> buffer);

/// <summary>
/// Unbiased random serials of one format, without any memory of what was drawn. Code spaces up to 2^63
/// draw a 64-bit word, mask it to the next power of two and reject values at or above the code space;
/// larger ones draw each character the same way from a few bits. Not thread-safe.
/// </summary>
internal sealed class SerialDraw
{
    // 4 KiB per call to the CSPRNG: one system call per few hundred serials, not one per serial.
    private const int BufferWords = 512;

    private readonly SerialFormat _format;
    private readonly RandomFill _fill;
    private readonly ulong[] _words = new ulong[BufferWords];
    private readonly ulong _mask;
    private readonly ulong _space;
    private readonly int _charBits;
    private readonly ulong _charMask;
    private int _next = BufferWords;
    private ulong _bits;
    private int _bitsLeft;

    public SerialDraw(SerialFormat format, RandomFill? fill = null)
    {
        _format = format;
        _fill = fill ?? RandomNumberGenerator.Fill;
        _space = format.WordSpace;
        _mask = format.IsWordDrawn ? NextPowerOfTwoMinusOne(_space) : 0;
        _charBits = int.Log2(format.Alphabet.Size - 1) + 1;
        _charMask = (1UL << _charBits) - 1;
    }

    public SerialFormat Format => _format;

    /// <summary>A uniform value in [0, code space) for a word-drawn format.</summary>
    public ulong NextWordValue()
    {
        ulong value;
        do
        {
            value = NextWord() & _mask;
        }
        while (value >= _space);

        return value;
    }

    /// <summary>Writes a uniform serial of a large format character by character and returns its value.</summary>
    public UInt128 NextLarge(Span<char> destination)
    {
        var chars = _format.Alphabet.Characters;
        var radix = (uint)chars.Length;
        UInt128 value = 0;
        for (var i = 0; i < _format.Length; i++)
        {
            uint digit;
            do
            {
                digit = (uint)NextBits();
            }
            while (digit >= radix);

            destination[i] = chars[(int)digit];
            value = (value * radix) + digit;
        }

        return value;
    }

    /// <summary>Writes one uniform serial into <paramref name="destination"/> (at least <see cref="SerialFormat.Length"/> long).</summary>
    public void Next(Span<char> destination)
    {
        if (_format.IsWordDrawn)
        {
            _format.EncodeWord(NextWordValue(), destination);
        }
        else
        {
            NextLarge(destination);
        }
    }

    private static ulong NextPowerOfTwoMinusOne(ulong space) =>
        space <= 1 ? 0 : ulong.MaxValue >> System.Numerics.BitOperations.LeadingZeroCount(space - 1);

    private ulong NextWord()
    {
        if (_next == BufferWords)
        {
            _fill(MemoryMarshal.AsBytes(_words.AsSpan()));
            _next = 0;
        }

        return _words[_next++];
    }

    private ulong NextBits()
    {
        if (_bitsLeft < _charBits)
        {
            _bits = NextWord();
            _bitsLeft = 64;
        }

        var result = _bits & _charMask;
        _bits >>= _charBits;
        _bitsLeft -= _charBits;
        return result;
    }
}
