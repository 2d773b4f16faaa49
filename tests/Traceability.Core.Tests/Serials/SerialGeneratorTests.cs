using System.Buffers.Binary;
using CsCheck;
using Traceability.Core.Serials;

namespace Traceability.Core.Tests.Serials;

public sealed class SerialGeneratorTests
{
    [Fact]
    public void Ten_million_serials_for_one_gtin_have_no_duplicate()
    {
        const int count = 10_000_000;
        // 11 digits is the tightest format the guess bar allows for 10 million serials, so the generator
        // meets its own earlier serials about 500 times and must redraw each time.
        var generator = new SerialGenerator(TestGtins.Example, new SerialFormat(SerialAlphabet.Digits, 11), count);
        var values = new long[count];
        Span<char> buffer = stackalloc char[11];

        for (var i = 0; i < count; i++)
        {
            Assert.Equal(11, generator.Next(buffer));
            // Checked independently of the generator's own set: parse the text, sort, compare neighbours.
            values[i] = long.Parse(buffer, System.Globalization.CultureInfo.InvariantCulture);
        }

        Array.Sort(values);
        for (var i = 1; i < count; i++)
        {
            if (values[i] == values[i - 1])
            {
                Assert.Fail($"Serial {values[i]:D11} was issued twice.");
            }
        }

        Assert.True(generator.Redraws > 0, "The test format is tight enough that collisions must have been redrawn.");
        Assert.Equal(count, generator.IssuedCount);
    }

    [Fact]
    public void A_draw_that_hits_an_issued_serial_is_drawn_again()
    {
        // 8 digits: code space 1e8, mask 2^27 - 1. The script yields 5, 5, 7: the second 5 must be redrawn.
        var random = new ScriptedRandom(5, 5, 7);
        var generator = new SerialGenerator(TestGtins.Example, new SerialFormat(SerialAlphabet.Digits, 8), 10, random.Fill);

        Assert.Equal("00000005", generator.Next().Value);
        Assert.Equal("00000007", generator.Next().Value);
        Assert.Equal(1, generator.Redraws);
    }

    [Fact]
    public void A_serial_loaded_from_storage_is_never_issued_again()
    {
        var random = new ScriptedRandom(5, 6);
        var generator = new SerialGenerator(TestGtins.Example, new SerialFormat(SerialAlphabet.Digits, 8), 10, random.Fill);
        Assert.True(generator.MarkIssued("00000005"));

        Assert.Equal("00000006", generator.Next().Value);
    }

    [Fact]
    public void Recording_the_same_serial_twice_reports_it_without_counting_it_twice()
    {
        var generator = new SerialGenerator(TestGtins.Example, new SerialFormat(SerialAlphabet.Digits, 8), 10);

        Assert.True(generator.MarkIssued("12345678"));
        Assert.False(generator.MarkIssued("12345678"));
        Assert.Equal(1, generator.IssuedCount);
    }

    [Fact]
    public void A_stored_serial_of_another_format_is_rejected_with_the_reason()
    {
        var generator = new SerialGenerator(TestGtins.Example, new SerialFormat(SerialAlphabet.Digits, 8), 10);

        var ex = Assert.Throws<ArgumentException>(() => generator.MarkIssued("1234567A"));
        Assert.StartsWith(
            "GTIN 09506000134352, issued serial: Serial \"1234567A\", position 8: 'A' is not one of the digits.", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Draws_outside_the_code_space_are_rejected_not_folded_back()
    {
        // 100,000,000 is inside the 2^27 mask but outside 1e8 digits: folding it (mod 1e8) would bias low serials.
        var random = new ScriptedRandom(100_000_000, (1UL << 27) - 1, 42);
        var generator = new SerialGenerator(TestGtins.Example, new SerialFormat(SerialAlphabet.Digits, 8), 10, random.Fill);

        Assert.Equal("00000042", generator.Next().Value);
    }

    [Fact]
    public void A_default_gtin_is_rejected()
    {
        var format = new SerialFormat(SerialAlphabet.Digits, 12);
        var ex = Assert.Throws<ArgumentException>(() => new SerialGenerator(default, format, 10));
        Assert.Contains("Gtin.Parse", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Serials_over_a_space_beyond_two_to_the_63_are_unique_and_well_formed()
    {
        var format = new SerialFormat(SerialAlphabet.CrockfordBase32, 20);
        var generator = new SerialGenerator(TestGtins.Example, format, 100_000);
        var seen = new HashSet<string>(StringComparer.Ordinal);

        for (var i = 0; i < 100_000; i++)
        {
            var serial = generator.Next().Value;
            Assert.Null(format.FindProblem(serial));
            Assert.True(seen.Add(serial), $"Serial {serial} was issued twice.");
        }
    }

    [Fact]
    public void Every_generated_serial_is_an_ai_21_serial_of_its_format_for_any_alphabet_and_length()
    {
        var configurations = Gen.Shuffle(SerialAlphabet.Gs1Cset82.ToCharArray(), 2, 82)
            .Select(Gen.Int[1, 20], (chars, length) => new SerialFormat(SerialAlphabet.Gs1Subset(new string(chars)), length))
            .Where(format => GuessProbability.IsAcceptable(format, 50));
        configurations.Sample(
            format =>
            {
                var generator = new SerialGenerator(TestGtins.Example, format, 50);
                var seen = new HashSet<string>(StringComparer.Ordinal);
                for (var i = 0; i < 50; i++)
                {
                    var serial = generator.Next();
                    Assert.Equal(serial, Serial.Parse(serial.Value));
                    Assert.Null(format.FindProblem(serial.Value));
                    Assert.True(seen.Add(serial.Value));
                }
            },
            iter: 300);
    }

    [Fact]
    public void A_destination_shorter_than_the_serial_is_rejected()
    {
        var generator = new SerialGenerator(TestGtins.Example, new SerialFormat(SerialAlphabet.Digits, 12), 10);
        var buffer = new char[11];

        Assert.Throws<ArgumentException>(() => generator.Next(buffer));
        Assert.Equal(0, generator.IssuedCount);
    }

    /// <summary>Feeds the generator chosen 64-bit words, then zeros (which would repeat, so tests stop before).</summary>
    private sealed class ScriptedRandom(params ulong[] words)
    {
        private int _next;

        public void Fill(Span<byte> buffer)
        {
            buffer.Clear();
            for (var offset = 0; offset + 8 <= buffer.Length && _next < words.Length; offset += 8)
            {
                BinaryPrimitives.WriteUInt64LittleEndian(buffer[offset..], words[_next++]);
            }
        }
    }
}
