using SkiaSharp;

namespace Traceability.Labels.Tests;

public sealed class LabelFontsTests
{
    [Fact]
    public void The_shipped_font_has_glyphs_for_serials_and_gs1_brackets()
    {
        using var font = new SKFont(LabelFonts.Regular, 24);
        var glyphs = font.GetGlyphs("(01)09506000134352 ABCxyz-/");
        Assert.DoesNotContain((ushort)0, glyphs);
        Assert.Equal("DejaVu Sans", LabelFonts.Regular.FamilyName);
    }
}
