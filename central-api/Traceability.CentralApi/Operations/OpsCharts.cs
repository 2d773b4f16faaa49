using System.Globalization;

namespace Traceability.CentralApi.Operations;

/// <summary>One bar of a rate chart: a group, the units in it and how many of them were activated.</summary>
internal sealed record RateBar(string Label, string Description, long Activated, long Units)
{
    public double Rate => Units == 0 ? 0 : (double)Activated / Units;
}

/// <summary>One bar of a stacked chart: a label, where it links to, and one value per segment.</summary>
internal sealed record StackedBar(string Label, string Href, IReadOnlyList<long> Values);

/// <summary>A kind of segment of a stacked chart: its name and CSS class (the page's style gives its colour).</summary>
internal sealed record ChartSegment(string Name, string CssClass);

/// <summary>
/// Inline SVG bar charts, drawn on the server: horizontal bars, one row per group, so that labels stay readable on a
/// phone (the SVG scales to the width it is given) and on a desk screen. Each chart has a <c>title</c> and a
/// <c>desc</c> (the numbers in words, for screen readers) and each bar its own <c>title</c> (a tooltip on hover); the
/// same numbers are in a table beside it.
/// </summary>
internal static class OpsCharts
{
    // 360 units wide: on a 390 px phone 12-unit text is drawn at about 11 px; the page caps it at 28rem on a desk.
    private const double Width = 360;
    private const double LabelRight = 120;
    private const double BarLeft = 126;
    private const double BarWidth = 170;
    private const double ValueLeft = 302;
    private const double RowHeight = 30;
    private const double BarHeight = 18;
    private const double Top = 6;
    private const int MaxLabel = 16;

    /// <summary>Activated ÷ units per group, one bar each, the percentage written beside it (the counts are in its title).</summary>
    public static void Rates(OpsHtml html, string id, string title, IReadOnlyList<RateBar> bars)
    {
        var description = string.Join("; ", bars.Select(b => string.Create(
            CultureInfo.InvariantCulture, $"{b.Description}: {b.Activated} of {b.Units} activated ({OpsHtml.Percent(b.Rate)})")));
        Open(html, id, title, description, bars.Count);
        for (var i = 0; i < bars.Count; i++)
        {
            var bar = bars[i];
            var y = Top + (i * RowHeight);
            html.Raw("<g class=\"bar\" data-label=\"").Text(bar.Label).Raw("\" data-rate=\"")
                .Text(bar.Rate.ToString("0.####", CultureInfo.InvariantCulture)).Raw("\"><title>")
                .Text(string.Create(CultureInfo.InvariantCulture, $"{bar.Description}: {bar.Activated} of {bar.Units} activated ({OpsHtml.Percent(bar.Rate)})"))
                .Raw("</title>");
            Label(html, bar.Label, y);
            Rect(html, "track", BarLeft, y, BarWidth);
            Rect(html, "fill", BarLeft, y, BarWidth * Math.Clamp(bar.Rate, 0, 1));
            Value(html, OpsHtml.Percent(bar.Rate), y);
            html.Raw("</g>\n");
        }

        html.Raw("</svg>\n");
    }

    /// <summary>One bar per entry, its segments side by side in <paramref name="segments"/>' order, scaled to the largest total.</summary>
    public static void Stacked(OpsHtml html, string id, string title, IReadOnlyList<ChartSegment> segments, IReadOnlyList<StackedBar> bars)
    {
        var max = Math.Max(1, bars.Select(b => b.Values.Sum()).DefaultIfEmpty(0).Max());
        var description = string.Join("; ", bars.Select(b => b.Label + ": " + string.Join(", ",
            segments.Select((s, k) => string.Create(CultureInfo.InvariantCulture, $"{s.Name} {b.Values[k]}")))));
        Open(html, id, title, description, bars.Count);
        for (var i = 0; i < bars.Count; i++)
        {
            var bar = bars[i];
            var y = Top + (i * RowHeight);
            var total = bar.Values.Sum();
            html.Raw("<g class=\"bar\" data-label=\"").Text(bar.Label).Raw("\" data-total=\"")
                .Text(total.ToString(CultureInfo.InvariantCulture)).Raw("\">");
            html.Raw("<a href=\"").Text(bar.Href).Raw("\">");
            Label(html, bar.Label, y);
            html.Raw("</a>");
            var x = BarLeft;
            for (var k = 0; k < segments.Count; k++)
            {
                if (bar.Values[k] <= 0)
                {
                    continue;
                }

                var width = BarWidth * bar.Values[k] / max;
                html.Raw("<rect class=\"segment ").Text(segments[k].CssClass).Raw("\" x=\"").Coordinate(x).Raw("\" y=\"").Coordinate(y)
                    .Raw("\" width=\"").Coordinate(width).Raw("\" height=\"").Coordinate(BarHeight).Raw("\"><title>")
                    .Text(string.Create(CultureInfo.InvariantCulture, $"{bar.Label}: {segments[k].Name} {bar.Values[k]}")).Raw("</title></rect>");
                x += width;
            }

            Value(html, total.ToString(CultureInfo.InvariantCulture), y);
            html.Raw("</g>\n");
        }

        html.Raw("</svg>\n");
    }

    private static void Open(OpsHtml html, string id, string title, string description, int rows)
    {
        var height = (Top * 2) + (Math.Max(rows, 1) * RowHeight);
        html.Raw("<svg class=\"chart\" id=\"").Text(id).Raw("\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ").Coordinate(Width).Raw(" ").Coordinate(height)
            .Raw("\" role=\"img\" aria-labelledby=\"").Text(id).Raw("-title ").Text(id).Raw("-desc\"><title id=\"").Text(id).Raw("-title\">")
            .Text(title).Raw("</title><desc id=\"").Text(id).Raw("-desc\">").Text(description.Length == 0 ? "No data yet." : description).Raw("</desc>\n");
    }

    private static void Label(OpsHtml html, string label, double y)
    {
        var shown = label.Length > MaxLabel ? label[..(MaxLabel - 1)] + "…" : label;
        html.Raw("<text class=\"label\" x=\"").Coordinate(LabelRight).Raw("\" y=\"").Coordinate(y + 13.5).Raw("\" text-anchor=\"end\">").Text(shown).Raw("</text>");
    }

    private static void Rect(OpsHtml html, string cssClass, double x, double y, double width) =>
        html.Raw("<rect class=\"").Text(cssClass).Raw("\" x=\"").Coordinate(x).Raw("\" y=\"").Coordinate(y).Raw("\" width=\"").Coordinate(width)
            .Raw("\" height=\"").Coordinate(BarHeight).Raw("\"/>");

    private static void Value(OpsHtml html, string text, double y) =>
        html.Raw("<text class=\"value\" x=\"").Coordinate(ValueLeft).Raw("\" y=\"").Coordinate(y + 13.5).Raw("\">").Text(text).Raw("</text>");
}
