using System.Text;
using Traceability.LineAgent.Devices.Readers;

namespace Traceability.LineAgent.Tests.Devices.Readers;

public sealed class ReaderFramingTests
{
    [Theory]
    [InlineData("cr", "suffix:0x0D,max:512")]
    [InlineData("lf", "suffix:0x0A,max:512")]
    [InlineData("CRLF", "suffix:0x0D0A,max:512")]
    [InlineData("stx-etx", "prefix:0x02,suffix:0x03,max:512")]
    [InlineData("suffix:0x0D0A", "suffix:0x0D0A,max:512")]
    [InlineData("prefix:0x02, suffix:0x03, max:64", "prefix:0x02,suffix:0x03,max:64")]
    public void Framing_text_parses_to_its_canonical_form(string text, string canonical) =>
        Assert.Equal(canonical, ReaderFraming.Parse(text).ToString());

    [Theory]
    [InlineData("", "empty")]
    [InlineData("prefix:0x02", "has no suffix")]
    [InlineData("suffix:0D", "\"suffix:0D\" is not understood")]
    [InlineData("suffix:0x0", "\"suffix:0x0\" is not understood")]
    [InlineData("etx", "\"etx\" is not understood")]
    public void Bad_framing_text_says_what_is_wrong(string text, string reason)
    {
        Assert.False(ReaderFraming.TryParse(text, out _, out var error));
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Trigger_commands_unescape_to_bytes()
    {
        Assert.Equal("LON\r"u8.ToArray(), CodeReaderOptions.Unescape("LON\\r"));
        Assert.Equal("<T>"u8.ToArray(), CodeReaderOptions.Unescape("<T>"));
        Assert.Equal(new byte[] { 0x02, 0x54, 0x03 }, CodeReaderOptions.Unescape("\\x02T\\x03"));
        Assert.Throws<FormatException>(() => CodeReaderOptions.Unescape("LON\\q"));
    }

    [Fact]
    public void A_frame_split_byte_by_byte_decodes_like_a_whole_one()
    {
        var decoder = new ReaderFrameDecoder(ReaderFraming.StxEtx, "NOREAD");
        var outcomes = new List<FrameOutcome>();
        foreach (var b in "\u000201ABC\u001D21X\u0003"u8.ToArray())
        {
            decoder.Feed([b], outcomes.Add);
        }

        Assert.Equal("01ABC\u001D21X", Assert.Single(outcomes).Text);
    }

    [Fact]
    public void Bytes_decode_as_latin1_byte_for_byte_not_as_utf8()
    {
        var decoder = new ReaderFrameDecoder(ReaderFraming.Cr, "NOREAD");
        var outcomes = new List<FrameOutcome>();
        decoder.Feed([0x41, 0xC3, 0xA9, 0xFF, 0x0D], outcomes.Add);
        Assert.Equal("A\u00C3\u00A9\u00FF", Assert.Single(outcomes).Text);
    }

    [Theory]
    [InlineData("xx\u0002CD\u0003", "2 byte(s) before the prefix", "CD")]
    [InlineData("AB\u0003\u0002CD\u0003", "a frame without the prefix", "CD")]
    [InlineData("\u0002AB\u0002CD\u0003", "the prefix again before the suffix", "CD")]
    [InlineData("\u0002A\u0000B\u0003\u0002CD\u0003", "control byte 0x00 at position 1", "CD")]
    [InlineData("\u0002\u0003\u0002CD\u0003", "an empty frame", "CD")]
    public void Garbled_stx_etx_frames_are_reported_and_the_next_frame_reads(string wire, string reason, string next)
    {
        var outcomes = Decode(ReaderFraming.StxEtx, wire);
        Assert.Equal(2, outcomes.Count);
        Assert.Equal(reason, outcomes[0].Reason);
        Assert.Equal(next, outcomes[1].Text);
    }

    [Fact]
    public void An_over_long_frame_is_garbled_and_skipped_up_to_its_suffix()
    {
        var outcomes = Decode(ReaderFraming.Parse("crlf,max:8"), "0123456789ABCDEF\r\nOK\r\n");
        Assert.Equal(2, outcomes.Count);
        Assert.Equal("no suffix within 8 bytes", outcomes[0].Reason);
        Assert.Equal("OK", outcomes[1].Text);
    }

    private static List<FrameOutcome> Decode(ReaderFraming framing, string wire)
    {
        var decoder = new ReaderFrameDecoder(framing, "NOREAD");
        var outcomes = new List<FrameOutcome>();
        decoder.Feed(Encoding.Latin1.GetBytes(wire), outcomes.Add);
        return outcomes;
    }
}
