using Traceability.Core.Serials;

namespace Traceability.Core.Tests.Serials;

public sealed class SerialAlphabetTests
{
    [Fact]
    public void Digits_are_zero_to_nine_with_zero_first()
    {
        Assert.Equal("0123456789", SerialAlphabet.Digits.Characters);
        Assert.Equal('0', SerialAlphabet.Digits.Zero);
    }

    [Fact]
    public void Crockford_base32_has_32_characters_without_I_L_O_U()
    {
        var alphabet = SerialAlphabet.CrockfordBase32;
        Assert.Equal(32, alphabet.Size);
        Assert.Equal("0123456789ABCDEFGHJKMNPQRSTVWXYZ", alphabet.Characters);
        Assert.DoesNotContain(alphabet.Characters, c => c is 'I' or 'L' or 'O' or 'U');
    }

    [Fact]
    public void Gs1_cset_82_has_82_distinct_characters()
    {
        Assert.Equal(82, SerialAlphabet.Gs1Cset82.Distinct().Count());
        Assert.Equal(82, SerialAlphabet.Gs1Subset(SerialAlphabet.Gs1Cset82).Size);
    }

    [Theory]
    [InlineData('#')]
    [InlineData(' ')]
    [InlineData('$')]
    [InlineData('@')]
    [InlineData('é')]
    [InlineData('\u001D')]
    public void Characters_outside_cset_82_are_not_cset_82(char c) =>
        Assert.False(SerialAlphabet.IsGs1Cset82(c));

    [Fact]
    public void A_subset_with_a_character_outside_cset_82_is_rejected_naming_it_and_its_position()
    {
        var ex = Assert.Throws<ArgumentException>(() => SerialAlphabet.Gs1Subset("ABC#D"));
        Assert.StartsWith("Serial alphabet \"ABC#D\", position 4: '#' is not in GS1 CSET 82", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_subset_with_a_control_character_names_it_by_code_point()
    {
        var ex = Assert.Throws<ArgumentException>(() => SerialAlphabet.Gs1Subset("AB\u001D"));
        Assert.Contains("position 3: U+001D is not in GS1 CSET 82", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_subset_with_a_repeated_character_is_rejected_naming_both_positions()
    {
        var ex = Assert.Throws<ArgumentException>(() => SerialAlphabet.Gs1Subset("ABCA"));
        Assert.StartsWith("Serial alphabet \"ABCA\", position 4: 'A' repeats position 1.", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("A")]
    public void A_subset_of_fewer_than_two_characters_is_rejected(string characters) =>
        Assert.Throws<ArgumentException>(() => SerialAlphabet.Gs1Subset(characters));

    [Fact]
    public void A_subset_keeps_the_configured_order_so_its_first_character_is_zero()
    {
        var alphabet = SerialAlphabet.Gs1Subset("XYZ");
        Assert.Equal('X', alphabet.Zero);
        Assert.Equal(2, alphabet.IndexOf('Z'));
        Assert.Equal(-1, alphabet.IndexOf('A'));
    }
}
