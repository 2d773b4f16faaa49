using Traceability.Core.Serials;

namespace Traceability.Core.Tests.Serials;

public sealed class GuessProbabilityTests
{
    [Fact]
    public void Ten_digits_for_five_million_serials_are_refused_with_the_numbers_and_the_length_that_would_do()
    {
        var format = new SerialFormat(SerialAlphabet.Digits, 10);

        var ex = Assert.Throws<ArgumentException>(() => new SerialGenerator(TestGtins.Example, format, 5_000_000));

        // 1e11 / 5e6 = 20,000 already meets the bar, so the shortest length is 11 digits.
        Assert.Equal(
            "GTIN 09506000134352: 10 digits give 1e10 codes; 5,000,000 planned serials make a guess succeed 1 in 2,000; "
            + "the limit is 1 in 10,000: use 11 or more digits. (Parameter 'plannedVolume')",
            ex.Message);
    }

    [Fact]
    public void A_non_decimal_alphabet_states_its_code_space_as_a_power()
    {
        var format = new SerialFormat(SerialAlphabet.CrockfordBase32, 4);

        Assert.Equal(
            "4 Crockford base32 characters give 32^4 (about 1e6) codes; 1,000 planned serials make a guess succeed 1 in 1,048; "
            + "the limit is 1 in 10,000: use 5 or more Crockford base32 characters",
            GuessProbability.FindProblem(format, 1_000));
    }

    [Fact]
    public void A_volume_no_length_can_carry_is_refused_with_advice_to_change_the_plan()
    {
        var format = new SerialFormat(SerialAlphabet.Digits, 20);

        var problem = GuessProbability.FindProblem(format, 100_000_000_000_000_000);

        Assert.NotNull(problem);
        Assert.EndsWith(
            "no length up to 20 is enough with digits: plan fewer serials for this GTIN or use a larger alphabet", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Exactly_one_in_ten_thousand_is_allowed_and_one_serial_more_is_not()
    {
        var format = new SerialFormat(SerialAlphabet.Digits, 8);

        Assert.True(GuessProbability.IsAcceptable(format, 10_000));
        Assert.False(GuessProbability.IsAcceptable(format, 10_001));
        Assert.Equal((UInt128)10_000, GuessProbability.OneIn(format, 10_000));
    }

    [Fact]
    public void Issuing_beyond_the_planned_volume_is_refused()
    {
        var generator = new SerialGenerator(TestGtins.Example, new SerialFormat(SerialAlphabet.Digits, 8), 3);
        for (var i = 0; i < 3; i++)
        {
            generator.Next();
        }

        var ex = Assert.Throws<InvalidOperationException>(() => generator.Next());
        Assert.Equal(
            "GTIN 09506000134352: all 3 planned serials are issued; more would push a guess above 1 in 10,000. "
            + "Raise the planned volume (it is checked again) or use a longer serial.",
            ex.Message);
        Assert.Equal(0, generator.Remaining);
    }

    [Fact]
    public void Serials_loaded_from_storage_count_against_the_planned_volume()
    {
        var generator = new SerialGenerator(TestGtins.Example, new SerialFormat(SerialAlphabet.Digits, 8), 2);
        Assert.True(generator.MarkIssued("00000001"));
        Assert.True(generator.MarkIssued("00000002"));

        Assert.Throws<InvalidOperationException>(() => generator.MarkIssued("00000003"));
        Assert.Throws<InvalidOperationException>(() => generator.Next());
    }
}
