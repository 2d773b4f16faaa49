using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using Traceability.CentralApi.ConsumerScan;

namespace Traceability.CentralApi.Resolver;

/// <summary>
/// The consumer page: the verdict of a scan (genuine, suspicious, unknown) with its reasons, then product, model,
/// production date, the region it was sold for, warranty, state and batch. Plain HTML with inline CSS for phones, no
/// JavaScript. Every value is HTML-encoded (product names and serials come from staff input and from the link itself).
/// </summary>
internal static class ResolverPages
{
    private const string Style = """
        body{font-family:system-ui,sans-serif;margin:0;background:#f4f4f4;color:#222}
        main{max-width:32rem;margin:0 auto;padding:1rem;background:#fff;min-height:100vh}
        h1{font-size:1.5rem}
        .verdict{padding:.75rem 1rem;border-radius:.5rem;font-weight:bold;font-size:1.2rem}
        .verdict-genuine{background:#dff5e1;color:#14532d}
        .verdict-suspicious{background:#fde2e2;color:#7f1d1d}
        .verdict-unknown{background:#fef3c7;color:#78350f}
        dt{font-weight:bold;margin-top:.5rem}
        dd{margin:0 0 .25rem 0}
        """;

    public static string For(Resolution r, ScanAssessment? scan = null)
    {
        var rows = new List<(string Label, string Value)>();
        string heading;
        switch (r.Kind)
        {
            case SubjectKind.Unit:
                var unit = r.Unit!.Unit;
                heading = scan?.Verdict switch
                {
                    ScanVerdict.Suspicious => "Suspicious product code",
                    ScanVerdict.Genuine => "Genuine product",
                    _ => r.Genuine ? "Genuine product" : "Not a genuine product code",
                };
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

                if (scan?.SoldForRegions is { Count: > 0 } soldFor)
                {
                    rows.Add(("Sold for", string.Join(", ", soldFor)));
                }

                if (scan?.Warranty is { } warranty)
                {
                    rows.Add(("Warranty", warranty.Text));
                }

                if (scan is null && ConsumerViews.Notice(r) is { } notice)
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

        return Page(heading, rows, scan);
    }

    public static string Error(string heading, string detail, ScanAssessment? scan = null) => Page(heading, [("", detail)], scan);

    /// <summary>A code whose DigSig failed: nothing read, only the warning and what the link claims.</summary>
    public static string Forged(string gtin, string serial, ScanAssessment scan) =>
        Page("Suspicious product code", [("GTIN", gtin), ("Serial", serial)], scan);

    private static void AddProduct(List<(string, string)> rows, Resolution r)
    {
        if (r.Product is { } p)
        {
            rows.Add(("Product", p.Name));
            rows.Add(("Model", p.Model));
        }
    }

    private static string Page(string heading, IEnumerable<(string Label, string Value)> rows, ScanAssessment? scan = null)
    {
        var html = HtmlEncoder.Default;
        var sb = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>").Append(html.Encode(heading)).Append("</title>\n<style>").Append(Style).Append("</style>\n</head>\n<body>\n<main>\n<h1>")
            .Append(html.Encode(heading)).Append("</h1>\n");
        if (scan is not null)
        {
            sb.Append("<p class=\"verdict verdict-").Append(scan.Verdict).Append("\" id=\"verdict\" data-verdict=\"").Append(scan.Verdict).Append("\">")
                .Append(scan.Verdict switch
                {
                    ScanVerdict.Genuine => "Genuine",
                    ScanVerdict.Suspicious => "Suspicious: this may not be a genuine product",
                    _ => "Not found: the manufacturer does not know this code",
                })
                .Append("</p>\n");
            if (scan.Reasons.Count > 0)
            {
                sb.Append("<ul id=\"reasons\">\n");
                foreach (var reason in scan.Reasons)
                {
                    sb.Append("<li data-reason=\"").Append(reason.Code).Append("\">").Append(html.Encode(reason.Text)).Append("</li>\n");
                }

                sb.Append("</ul>\n");
            }
        }

        sb.Append("<dl>\n");
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
