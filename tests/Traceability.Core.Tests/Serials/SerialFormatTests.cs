using CsCheck;
using Traceability.Core.Serials;

namespace Traceability.Core.Tests.Serials;

public sealed class SerialFormatTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(21)]
    public void A_length_outside_1_to_20_is_rejected_citing_ai_21(int length)
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new SerialFormat(SerialAlphabet.Digits, length));
        Assert.StartsWith($"Serial length {length}: must be 1 to 20 (GS1 AI 21 is X..20).", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_code_space_is_the_alphabet_size_to_the_power_of_the_length()
    {
        Assert.Equal((UInt128)10_000_000_000, new SerialFormat(SerialAlphabet.Digits, 10).CodeSpace);
        Assert.Equal(UInt128.One << 100, new SerialFormat(SerialAlphabet.CrockfordBase32, 20).CodeSpace);
    }

    [Fact]
    public void Encoding_is_fixed_length_and_left_padded_with_the_zero_character()
    {
        Assert.Equal("000000000042", new SerialFormat(SerialAlphabet.Digits, 12).Encode(42));
        Assert.Equal("00000Z", new SerialFormat(SerialAlphabet.CrockfordBase32, 6).Encode(31));
        Assert.Equal("XXY", new SerialFormat(SerialAlphabet.Gs1Subset("XYZ"), 3).Encode(1));
    }

    [Fact]
    public void A_value_outside_the_code_space_is_not_encoded()
    {
        var format = new SerialFormat(SerialAlphabet.Digits, 3);
        Assert.Throws<ArgumentOutOfRangeException>(() => format.Encode(1000));
    }

    [Fact]
    public void A_serial_of_the_wrong_length_is_explained()
    {
        var format = new SerialFormat(SerialAlphabet.Digits, 12);
        Assert.Equal("Serial \"123\" has 3 characters; this format has exactly 12 digits.", format.FindProblem("123"));
    }

    [Fact]
    public void A_serial_with_a_character_outside_the_alphabet_is_explained_with_its_position()
    {
        var format = new SerialFormat(SerialAlphabet.CrockfordBase32, 4);
        Assert.Equal("Serial \"AB1I\", position 4: 'I' is not one of the Crockford base32 characters.", format.FindProblem("AB1I"));
        Assert.False(format.TryDecode("AB1I", out _));
    }

    [Fact]
    public void Decoding_reverses_encoding_for_every_alphabet_length_and_value()
    {
        var formats = Gen.Shuffle(SerialAlphabet.Gs1Cset82.ToCharArray(), 2, 82)
            .Select(Gen.Int[1, 20], (chars, length) => new SerialFormat(SerialAlphabet.Gs1Subset(new string(chars)), length));
        formats.Select(Gen.ULong.Select(Gen.ULong, (high, low) => new UInt128(high, low)), Gen.Int[0, 2]).Sample(
            (format, raw, edge) =>
            {
                // Exercise both ends of the code space as well as values in between.
                var value = edge switch
                {
                    0 => raw % format.CodeSpace,
                    1 => format.CodeSpace - 1,
                    _ => UInt128.Zero,
                };
                var text = format.Encode(value);
                Assert.Equal(format.Length, text.Length);
                Assert.Null(format.FindProblem(text));
                Assert.True(format.TryDecode(text, out var decoded));
                Assert.Equal(value, decoded);
            },
            iter: 2_000);
    }

    [Theory]
    [InlineData("A")]
    [InlineData("12345678901234567890")]
    [InlineData("!\"%&'()*+,-./:;<=>?_z")]
    public void An_ai_21_serial_of_cset_82_characters_parses(string text)
    {
        if (text.Length > 20)
        {
            Assert.False(Serial.TryParse(text, out _));
            return;
        }

        Assert.Equal(text, Serial.Parse(text).Value);
    }

    [Fact]
    public void A_serial_longer_than_20_characters_is_rejected_citing_ai_21()
    {
        var ex = Assert.Throws<FormatException>(() => Serial.Parse(new string('1', 21)));
        Assert.Equal("Serial (AI 21) \"111111111111111111111\" has 21 characters; AI (21) allows at most 20.", ex.Message);
    }

    [Fact]
    public void A_serial_with_a_character_outside_cset_82_is_rejected_with_its_position()
    {
        var ex = Assert.Throws<FormatException>(() => Serial.Parse("AB CD"));
        Assert.Equal("Serial (AI 21) \"AB CD\", position 3: ' ' is not in GS1 CSET 82.", ex.Message);
    }

    [Fact]
    public void An_empty_serial_is_rejected() =>
        Assert.False(Serial.TryParse("", out _));
}
