using Traceability.Core.Gs1;
using Traceability.Core.Gs1.Syntax;

namespace Traceability.Core.Tests.Gs1;

public sealed class AiTableTests
{
    [Theory]
    [InlineData("00", true, 18, 18)]
    [InlineData("01", true, 14, 14)]
    [InlineData("02", true, 14, 14)]
    [InlineData("10", false, 1, 20)]
    [InlineData("11", true, 6, 6)]
    [InlineData("13", true, 6, 6)]
    [InlineData("15", true, 6, 6)]
    [InlineData("17", true, 6, 6)]
    [InlineData("21", false, 1, 20)]
    [InlineData("30", false, 1, 8)]
    [InlineData("37", false, 1, 8)]
    [InlineData("240", false, 1, 30)]
    [InlineData("241", false, 1, 30)]
    [InlineData("250", false, 1, 30)]
    [InlineData("400", false, 1, 30)]
    [InlineData("410", true, 13, 13)]
    [InlineData("414", true, 13, 13)]
    [InlineData("420", false, 1, 20)]
    [InlineData("8004", false, 1, 30)]
    [InlineData("8030", false, 1, 90)]
    public void The_ais_a_brand_uses_have_their_gs1_lengths(string ai, bool predefined, int min, int max)
    {
        Assert.True(AiTable.Default.TryGet(ai, out var d));
        Assert.Equal((predefined, min, max), (d.PredefinedLength, d.MinLength, d.MaxLength));
    }

    [Theory]
    [InlineData("10", "LOT-2026/11", null)]
    [InlineData("10", "LOT 1", Gs1ErrorKind.IllegalCharacter)]
    [InlineData("10", "123456789012345678901", Gs1ErrorKind.TooLong)]
    [InlineData("10", "", Gs1ErrorKind.TooShort)]
    [InlineData("17", "281231", null)]
    [InlineData("17", "281331", Gs1ErrorKind.BadDate)]
    public void A_single_value_is_checked_against_its_ai(string ai, string value, Gs1ErrorKind? expected)
    {
        Assert.True(AiTable.Default.TryGet(ai, out var d));
        Assert.Equal(expected, d.Check(value)?.Kind);
    }

    [Fact]
    public void Ranges_are_expanded_and_prefixes_found()
    {
        Assert.True(AiTable.Default.TryGet("3103", out var weight));
        Assert.Equal("NET WEIGHT (kg)", weight.Title);
        Assert.True(AiTable.Default.TryFindPrefix("3103000123", out var found));
        Assert.Same(weight, found);
        Assert.False(AiTable.Default.TryGet("3106", out _));
    }

    [Fact]
    public void Digital_link_roles_come_from_the_dictionary()
    {
        Assert.True(AiTable.Default.TryGet("01", out var gtin));
        Assert.True(gtin.IsDigitalLinkPrimaryKey);
        Assert.Contains(gtin.DigitalLinkQualifiers!, seq => seq.SequenceEqual(["22", "10", "21"]));
        Assert.True(AiTable.Default.TryGet("21", out var serial));
        Assert.False(serial.DigitalLinkAttribute);
        Assert.True(AiTable.Default.TryGet("17", out var expiry));
        Assert.True(expiry.DigitalLinkAttribute);
    }

    [Fact]
    public void The_linters_left_unchecked_are_known_and_few()
    {
        // Pinned so that a new dictionary release with a new linter is noticed, not silently skipped.
        Assert.Equal(["couponcode", "couponposoffer", "gcppos1", "gcppos2", "mediatype", "packagetype"], AiTable.Default.UncheckedLinters);
    }

    [Fact]
    public void A_dictionary_line_that_is_not_understood_is_an_error_naming_the_line()
    {
        var e = Assert.Throws<FormatException>(() => AiTable.Read(new StringReader("01 *? N14,csum\n9x *? Q3\n")));
        Assert.Contains("line 2", e.Message, StringComparison.Ordinal);
    }
}
