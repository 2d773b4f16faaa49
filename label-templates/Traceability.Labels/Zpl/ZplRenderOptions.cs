namespace Traceability.Labels.Zpl;

/// <summary>
/// How to render ZPL. <paramref name="WidthDots"/> and <paramref name="HeightDots"/> override the label's ^PW and ^LL;
/// when neither an override nor the command is given, the label is 100 mm × 150 mm at <paramref name="DotsPerMm"/>.
/// </summary>
public sealed record ZplRenderOptions(int DotsPerMm = 8, int? WidthDots = null, int? HeightDots = null);
