using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;

namespace Traceability.CentralApi.Resolver;

/// <summary>
/// The minimal consumer page: genuine or not, product, state, batch. Every value is HTML-encoded (product names and
/// serials come from staff input and from the link itself). The consumer page proper replaces it later.
/// </summary>
internal static class ResolverPages
{
    public static string For(Resolution r)
    {
        var rows = new List<(string Label, string Value)>();
        string heading;
        switch (r.Kind)
        {
            case SubjectKind.Unit:
                var unit = r.Unit!.Unit;
                heading = r.Genuine ? "Genuine product" : "Not a genuine product code";
                AddProduct(rows, r);
                rows.Add(("GTIN", unit.Gtin));
                rows.Add(("Serial", unit.Serial));
                rows.Add(("State", ConsumerViews.StateText(unit.State)));
                if (unit.CommissionedAt is { } at)
                {
                    rows.Add(("Made on", at.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
                }

                if (r.Unit.Batch is { } batch)
                {
                    rows.Add(("Batch", batch.Lot));
                    if (batch.Expiry is { } expiry)
                    {
                        rows.Add(("Best before", expiry.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
                    }
                }

                if (ConsumerViews.Notice(r) is { } notice)
                {
                    rows.Add(("Note", notice));
                }

                break;
            case SubjectKind.Container:
                heading = "Logistic unit known to the manufacturer";
                rows.Add(("SSCC", r.Container!.Sscc));
                rows.Add(("State", ConsumerViews.StateText(r.Container.State)));
                if (r.Container.PackedAt is { } packed)
                {
                    rows.Add(("Packed on", packed.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
                }

                break;
            default:
                heading = r.Product!.Name;
                AddProduct(rows, r);
                rows.Add(("GTIN", r.Product.Gtin));
                if (r.Batch is { } b)
                {
                    rows.Add(("Batch", b.Lot));
                    if (b.Expiry is { } e)
                    {
                        rows.Add(("Best before", e.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
                    }
                }

                break;
        }

        return Page(heading, rows);
    }

    public static string Error(string heading, string detail) => Page(heading, [("", detail)]);

    private static void AddProduct(List<(string, string)> rows, Resolution r)
    {
        if (r.Product is { } p)
        {
            rows.Add(("Product", p.Name));
            rows.Add(("Model", p.Model));
        }
    }

    private static string Page(string heading, IEnumerable<(string Label, string Value)> rows)
    {
        var html = HtmlEncoder.Default;
        var sb = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>").Append(html.Encode(heading)).Append("</title>\n</head>\n<body>\n<main>\n<h1>")
            .Append(html.Encode(heading)).Append("</h1>\n<dl>\n");
        foreach (var (label, value) in rows)
        {
            if (label.Length > 0)
            {
                sb.Append("<dt>").Append(html.Encode(label)).Append("</dt>");
            }

            sb.Append("<dd>").Append(html.Encode(value)).Append("</dd>\n");
        }

        return sb.Append("</dl>\n</main>\n</body>\n</html>\n").ToString();
    }
}
