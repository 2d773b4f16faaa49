using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;

namespace Traceability.CentralApi.Operations;

/// <summary>
/// Builds the operations pages' HTML. Every value goes through <see cref="Text(string?)"/> (the HTML encoder): dealer
/// names, store names, serials and alert summaries come from partners and platforms. Markup is only ever literal.
/// </summary>
internal sealed class OpsHtml
{
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Default;
    private readonly StringBuilder _html = new();

    /// <summary>Markup written as is: only literals of this code, never data.</summary>
    public OpsHtml Raw(string markup)
    {
        _html.Append(markup);
        return this;
    }

    /// <summary>Text (or an attribute value), encoded.</summary>
    public OpsHtml Text(string? text)
    {
        if (text is not null)
        {
            _html.Append(Encoder.Encode(text));
        }

        return this;
    }

    public OpsHtml Number(long value) => Text(value.ToString("N0", CultureInfo.InvariantCulture));

    /// <summary>A number for SVG geometry: invariant, at most two decimals.</summary>
    public OpsHtml Coordinate(double value) => Raw(Math.Round(value, 2).ToString(CultureInfo.InvariantCulture));

    /// <summary>A time as <c>&lt;time&gt;</c>: UTC, to the minute, with the exact instant in its <c>datetime</c>.</summary>
    public OpsHtml Time(DateTimeOffset at) =>
        Raw("<time datetime=\"").Text(at.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture)).Raw("\">")
            .Text(at.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)).Raw(" UTC</time>");

    /// <summary>A link to a unit's operations page.</summary>
    public OpsHtml UnitLink(string gtin, string serial) =>
        Raw("<a class=\"unit\" href=\"").Text(OpsPaths.Unit(gtin, serial)).Raw("\">").Text(gtin).Raw("/").Text(serial).Raw("</a>");

    /// <summary>A link to a dealer's evidence page.</summary>
    public OpsHtml DealerLink(string dealerId, string? name = null) =>
        Raw("<a class=\"dealer\" href=\"").Text(OpsPaths.Dealer(dealerId)).Raw("\">").Text(name ?? dealerId).Raw("</a>");

    /// <summary>A form that posts to <paramref name="action"/> with the antiforgery token and one button.</summary>
    public OpsHtml PostButton(string action, OpsForm form, string label, string? buttonClass = null)
    {
        Raw("<form method=\"post\" action=\"").Text(action).Raw("\">");
        form.Write(this);
        Raw("<button type=\"submit\"");
        if (buttonClass is not null)
        {
            Raw(" class=\"").Text(buttonClass).Raw("\"");
        }

        return Raw(">").Text(label).Raw("</button></form>");
    }

    public static string Percent(double rate) => (rate * 100).ToString("0.0", CultureInfo.InvariantCulture) + " %";

    public static string Money(decimal amount, string currency) =>
        amount.ToString("#,0.##", CultureInfo.InvariantCulture) + " " + currency;

    public override string ToString() => _html.ToString();
}

/// <summary>The antiforgery field every form of the page carries.</summary>
internal sealed record OpsForm(string FieldName, string Token)
{
    public void Write(OpsHtml html) =>
        html.Raw("<input type=\"hidden\" name=\"").Text(FieldName).Raw("\" value=\"").Text(Token).Raw("\">");
}

/// <summary>The operations routes, with each path segment escaped.</summary>
internal static class OpsPaths
{
    public const string Home = "/ops";
    public const string SignIn = "/ops/sign-in";
    public const string SignOut = "/ops/sign-out";

    public static string Dealer(string dealerId) => "/ops/dealers/" + Uri.EscapeDataString(dealerId);

    public static string Unit(string gtin, string serial) => "/ops/units/" + Uri.EscapeDataString(gtin) + "/" + Uri.EscapeDataString(serial);

    public static string Acknowledge(Guid alertId) => "/ops/alerts/" + alertId.ToString("D") + "/ack";
}
