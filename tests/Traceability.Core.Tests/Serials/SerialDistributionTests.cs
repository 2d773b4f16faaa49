using Traceability.Core.Serials;

namespace Traceability.Core.Tests.Serials;

/// <summary>
/// Chi-square checks that serials are uniform. The bounds sit near p = 1e-9, so a correct generator fails
/// about once in a billion runs, while a modulo-folded or truncated draw fails every time.
/// </summary>
public sealed class SerialDistributionTests
{
    [Fact]
    public void Every_position_of_200_thousand_digit_serials_is_uniform()
    {
        // 1e12 is far from a power of two (2^40 = 1.0995e12): folding the masked excess back would make the
        // leading digit 0 nearly twice as frequent, a chi-square in the thousands.
        AssertUniformPerPosition(new SerialFormat(SerialAlphabet.Digits, 12), 200_000, bound: 60);
    }

    [Fact]
    public void Every_position_of_200_thousand_crockford_serials_is_uniform() =>
        AssertUniformPerPosition(new SerialFormat(SerialAlphabet.CrockfordBase32, 10), 200_000, bound: 100);

    [Fact]
    public void Every_position_of_serials_drawn_character_by_character_is_uniform()
    {
        // 13 characters over a space beyond 2^63: 7-bit draws per character, 46 of 128 rejected.
        var alphabet = SerialAlphabet.Gs1Subset(SerialAlphabet.Gs1Cset82);
        AssertUniformPerPosition(new SerialFormat(alphabet, 13), 200_000, bound: 190);
    }

    [Fact]
    public void A_code_space_of_three_is_hit_uniformly()
    {
        // Three values under a mask of four: anything but rejection makes one value twice as likely.
        var draw = new SerialDraw(new SerialFormat(SerialAlphabet.Gs1Subset("ABC"), 1));
        var counts = new long[3];
        for (var i = 0; i < 300_000; i++)
        {
            counts[draw.NextWordValue()]++;
        }

        Assert.True(ChiSquare(counts) < 40, $"Counts {string.Join(", ", counts)} are not uniform.");
    }

    private static void AssertUniformPerPosition(SerialFormat format, int count, double bound)
    {
        var generator = new SerialGenerator(TestGtins.Example, format, count);
        var counts = new long[format.Length, format.Alphabet.Size];
        Span<char> buffer = stackalloc char[format.Length];
        for (var i = 0; i < count; i++)
        {
            generator.Next(buffer);
            for (var position = 0; position < format.Length; position++)
            {
                counts[position, format.Alphabet.IndexOf(buffer[position])]++;
            }
        }

        for (var position = 0; position < format.Length; position++)
        {
            var row = Enumerable.Range(0, format.Alphabet.Size).Select(c => counts[position, c]).ToArray();
            var chiSquare = ChiSquare(row);
            Assert.True(
                chiSquare < bound,
                $"{format}: position {position + 1} has chi-square {chiSquare:F1} over {format.Alphabet.Size - 1} degrees of freedom (bound {bound}).");
        }
    }

    private static double ChiSquare(long[] counts)
    {
        var expected = (double)counts.Sum() / counts.Length;
        return counts.Sum(observed => (observed - expected) * (observed - expected) / expected);
    }
}
