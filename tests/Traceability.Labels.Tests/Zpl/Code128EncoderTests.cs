using Traceability.Labels.Symbols;
using Traceability.Labels.Zpl;
using ZXing;

namespace Traceability.Labels.Tests.Zpl;

public sealed class Code128EncoderTests
{
    [Fact]
    public void Every_symbol_pattern_is_eleven_modules_and_the_stop_thirteen()
    {
        Assert.Equal(107, Code128Bars.Patterns.Length);
        Assert.All(Code128Bars.Patterns[..106], p => Assert.Equal(11, p.Sum(c => c - '0')));
        Assert.Equal(13, Code128Bars.Patterns[106].Sum(c => c - '0'));
        Assert.Equal(Code128Bars.Patterns.Length, Code128Bars.Patterns.Distinct().Count());
    }

    [Fact]
    public void Automatic_mode_mixes_subsets_and_decodes_to_the_data()
    {
        using var result = ZplInterpreter.Render("^XA^PW900^LL300^FO40,40^BY2^BCN,80,Y,N,N,A^FDAB123456cd7^FS^XZ");
        Assert.Equal("AB123456cd7", ZplDecoding.Read(result.Labels[0], BarcodeFormat.CODE_128).Text);
    }

    [Fact]
    public void An_odd_digit_left_in_subset_c_is_written_in_subset_b_with_a_warning()
    {
        using var result = ZplInterpreter.Render("^XA^PW900^LL300^FO40,40^BY2^BCN,80,Y,N,N^FD>;>80010614141123456789^FS^XZ");

        Assert.Equal("]C10010614141123456789", ZplDecoding.Read(result.Labels[0], BarcodeFormat.CODE_128, assumeGs1: true).Text);
        Assert.Equal("^BC at position 28: odd digit '9' left over in subset C, switched to subset B for it", Assert.Single(result.Warnings));
    }
}
