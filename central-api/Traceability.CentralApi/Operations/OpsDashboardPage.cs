using System.Globalization;
using Traceability.CentralApi.PriceWatch;
using Traceability.CentralApi.Storage;

namespace Traceability.CentralApi.Operations;

/// <summary>The operations page: open alerts, activation rates, dealers by diversion evidence, price-watch violations.</summary>
internal static class OpsDashboardPage
{
    public static readonly IReadOnlyList<ChartSegment> EvidenceSegments =
    [
        new("Out-of-region activations", "activations"),
        new("Inspector findings", "inspections"),
        new("Test buys", "testbuys"),
    ];

    public static string Render(DashboardView view, string signedInAs, OpsForm form, int refreshSeconds) =>
        OpsLayout.Page("Operations", signedInAs, form, refreshSeconds, html =>
        {
            html.Raw("<p class=\"muted\">As of ").Time(view.At).Raw(refreshSeconds > 0 ? string.Create(CultureInfo.InvariantCulture, $"; reloads every {refreshSeconds} s") : "")
                .Raw(".</p>\n<div class=\"grid\">\n");
            Alerts(html, view, form);
            Activations(html, "region", "Activation rate by region", "Region", view.Rates.ByRegion.Select(r => new RateBar(r.Key, r.Key, r.Activated, r.Units)).ToList(), "shipped", view.Rates.At);
            Activations(html, "batch", "Activation rate by batch", "Batch", BatchBars(view.Rates.ByBatch), "commissioned", view.Rates.At);
            Dealers(html, view);
            Violations(html, view);
            html.Raw("</div>\n");
        });

    private static void Alerts(OpsHtml html, DashboardView view, OpsForm form)
    {
        html.Raw("<section class=\"wide\" id=\"alerts\" aria-labelledby=\"alerts-h\">\n<h2 id=\"alerts-h\">Open alerts</h2>\n");
        if (view.OpenCounts.Count == 0)
        {
            html.Raw("<p id=\"no-alerts\">No open alerts.</p>\n</section>\n");
            return;
        }

        html.Raw("<ul class=\"counts\" id=\"alert-counts\">\n");
        foreach (var count in view.OpenCounts)
        {
            html.Raw("<li data-kind=\"").Text(count.Kind.Value).Raw("\"><span class=\"n\">").Number(count.Count).Raw("</span>").Text(KindText(count.Kind.Value)).Raw("</li>\n");
        }

        html.Raw("</ul>\n<h3>Newest</h3>\n<div class=\"scroll\"><table class=\"cards\" id=\"open-alerts\">\n<thead><tr><th>Kind</th><th>Unit</th><th>Raised</th><th>Evidence</th><th></th></tr></thead>\n<tbody>\n");
        foreach (var alert in view.OpenAlerts)
        {
            html.Raw("<tr data-alert-id=\"").Text(alert.AlertId.ToString("D")).Raw("\" data-kind=\"").Text(alert.Kind.Value).Raw("\"><td>").Text(KindText(alert.Kind.Value)).Raw("</td><td>");
            if (alert.Gtin is not null && alert.Serial is not null)
            {
                html.UnitLink(alert.Gtin, alert.Serial);
            }
            else
            {
                html.Raw("<span class=\"muted\">none</span>");
            }

            html.Raw("</td><td>").Time(alert.RaisedAt).Raw("</td><td>").Text(alert.Summary).Raw("</td><td>")
                .PostButton(OpsPaths.Acknowledge(alert.AlertId), form, "Acknowledge").Raw("</td></tr>\n");
        }

        html.Raw("</tbody></table></div>\n");
        if (view.MoreOpenAlerts)
        {
            html.Raw("<p class=\"muted\">Older open alerts: <code>GET /api/alerts?status=open</code>.</p>\n");
        }

        html.Raw("</section>\n");
    }

    private static void Activations(OpsHtml html, string id, string title, string keyHeading, List<RateBar> bars, string units, DateTimeOffset countedAt)
    {
        html.Raw("<section id=\"activation-").Text(id).Raw("\" aria-labelledby=\"activation-").Text(id).Raw("-h\">\n<h2 id=\"activation-").Text(id).Raw("-h\">")
            .Text(title).Raw("</h2>\n<p class=\"muted\">Units activated of the units ").Text(units).Raw(", counted ").Time(countedAt).Raw(".</p>\n");
        if (bars.Count == 0)
        {
            html.Raw("<p>No units ").Text(units).Raw(" yet.</p>\n</section>\n");
            return;
        }

        OpsCharts.Rates(html, "chart-activation-" + id, title, bars);
        html.Raw("<div class=\"scroll\"><table id=\"activation-").Text(id).Raw("-table\">\n<thead><tr><th>").Text(keyHeading)
            .Raw("</th><th class=\"num\">Activated</th><th class=\"num\">").Text(char.ToUpperInvariant(units[0]) + units[1..]).Raw("</th><th class=\"num\">Rate</th></tr></thead>\n<tbody>\n");
        foreach (var bar in bars)
        {
            html.Raw("<tr><td>").Text(bar.Description).Raw("</td><td class=\"num\">").Number(bar.Activated).Raw("</td><td class=\"num\">").Number(bar.Units)
                .Raw("</td><td class=\"num\">").Text(OpsHtml.Percent(bar.Rate)).Raw("</td></tr>\n");
        }

        html.Raw("</tbody></table></div>\n</section>\n");
    }

    // A lot names a batch within its GTIN; when two GTINs share a lot name, the label adds the GTIN's last digits.
    private static List<RateBar> BatchBars(IReadOnlyList<ActivationReportRow> rows)
    {
        var shared = rows.GroupBy(r => r.Key, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet(StringComparer.Ordinal);
        return rows.Select(r =>
        {
            var lot = r.Key.Length == 0 ? "(no lot)" : r.Key;
            var label = shared.Contains(r.Key) && r.Gtin is { Length: > 4 } gtin ? $"{lot} …{gtin[^4..]}" : lot;
            return new RateBar(label, $"{r.Gtin} lot {lot}", r.Activated, r.Units);
        }).ToList();
    }

    private static void Dealers(OpsHtml html, DashboardView view)
    {
        var ranking = view.Ranking;
        html.Raw("<section class=\"wide\" id=\"dealers\" aria-labelledby=\"dealers-h\">\n<h2 id=\"dealers-h\">Dealers by diversion evidence</h2>\n");
        if (ranking.Dealers.Count == 0)
        {
            html.Raw("<p>No evidence of diversion against any dealer.</p>\n</section>\n");
            return;
        }

        html.Raw("<p class=\"muted\">Points: ").Number(ranking.ActivationWeight).Raw(" per unit activated out of region, ").Number(ranking.InspectionWeight)
            .Raw(" per inspector finding, ").Number(ranking.TestBuyWeight).Raw(" per test-buy unit. Top ").Number(ranking.Dealers.Count).Raw(" of ")
            .Number(view.DealersRanked).Raw(".</p>\n");
        Legend(html);
        OpsCharts.Stacked(html, "chart-dealers", "Dealers by diversion evidence (points)", EvidenceSegments, ranking.Dealers.Select(d => new StackedBar(
            d.Name ?? d.DealerId, OpsPaths.Dealer(d.DealerId),
            [d.OutOfRegionActivations * ranking.ActivationWeight, d.InspectionDiversions * ranking.InspectionWeight, d.TestBuys * ranking.TestBuyWeight])).ToList());
        html.Raw("<div class=\"scroll\"><table class=\"cards\" id=\"dealer-table\">\n<thead><tr><th>Dealer</th><th class=\"num\">Out-of-region activations</th>")
            .Raw("<th class=\"num\">Inspector findings</th><th class=\"num\">Test buys</th><th class=\"num\">Points</th></tr></thead>\n<tbody>\n");
        foreach (var d in ranking.Dealers)
        {
            html.Raw("<tr data-dealer-id=\"").Text(d.DealerId).Raw("\"><td>").DealerLink(d.DealerId, d.Name).Raw(" <span class=\"muted\">").Text(d.DealerId)
                .Raw("</span></td><td class=\"num\" data-label=\"Out-of-region activations\">").Number(d.OutOfRegionActivations)
                .Raw("</td><td class=\"num\" data-label=\"Inspector findings\">").Number(d.InspectionDiversions)
                .Raw("</td><td class=\"num\" data-label=\"Test buys\">").Number(d.TestBuys).Raw("</td><td class=\"num\" data-label=\"Points\">").Number(d.Score).Raw("</td></tr>\n");
        }

        html.Raw("</tbody></table></div>\n</section>\n");
    }

    public static void Legend(OpsHtml html)
    {
        html.Raw("<ul class=\"legend\" aria-hidden=\"true\">");
        foreach (var segment in EvidenceSegments)
        {
            html.Raw("<li><span class=\"").Text(segment.CssClass).Raw("\"></span>").Text(segment.Name).Raw("</li>");
        }

        html.Raw("</ul>\n");
    }

    private static void Violations(OpsHtml html, DashboardView view)
    {
        html.Raw("<section class=\"wide\" id=\"violations\" aria-labelledby=\"violations-h\">\n<h2 id=\"violations-h\">Price-watch violations</h2>\n");
        if (view.Violations.Count == 0)
        {
            html.Raw("<p>No violations.</p>\n</section>\n");
            return;
        }

        ViolationTable(html, "violation-table", view.Violations);
        html.Raw("</section>\n");
    }

    /// <summary>Listings as a table: when, where, the price against the floor, the tier (or an unauthorized store).</summary>
    public static void ViolationTable(OpsHtml html, string id, IReadOnlyList<PriceListing> listings)
    {
        html.Raw("<div class=\"scroll\"><table class=\"cards\" id=\"").Text(id).Raw("\">\n<thead><tr><th>Listed</th><th>Tier</th><th>Platform</th><th>Store</th><th>GTIN</th>")
            .Raw("<th class=\"num\">Price</th><th class=\"num\">Floor</th><th class=\"num\">Under floor</th></tr></thead>\n<tbody>\n");
        foreach (var l in listings)
        {
            var tier = PriceTiers.Name(l.Tier);
            var under = l.ListPrice == 0 ? 0 : (double)((l.ListPrice - l.Price) / l.ListPrice);
            html.Raw("<tr data-listing-id=\"").Text(l.ListingId).Raw("\"><td>").Time(l.ListedAt).Raw("</td><td><span class=\"tier tier-").Text(tier ?? "unauthorized").Raw("\">")
                .Text(TierText(l.Tier)).Raw("</span>");
            if (!l.Authorized && l.Tier is not null)
            {
                html.Raw("<br><span class=\"tier tier-unauthorized\">unauthorized store</span>");
            }

            html.Raw("</td><td data-label=\"Platform\">").Text(l.Platform).Raw("</td><td data-label=\"Store\">").Text(l.Store).Raw("</td><td data-label=\"GTIN\">");
            if (l.Serial is not null)
            {
                html.UnitLink(l.Gtin, l.Serial);
            }
            else
            {
                html.Text(l.Gtin);
            }

            html.Raw("</td><td class=\"num\" data-label=\"Price\">").Text(OpsHtml.Money(l.Price, l.Currency)).Raw("</td><td class=\"num\" data-label=\"Floor\">")
                .Text(OpsHtml.Money(l.ListPrice, l.Currency)).Raw("</td><td class=\"num\" data-label=\"Under floor\">").Text(under > 0 ? OpsHtml.Percent(under) : "—").Raw("</td></tr>\n");
        }

        html.Raw("</tbody></table></div>\n");
    }

    public static string TierText(PriceTier? tier) => tier switch
    {
        PriceTier.Under15 => "−15 %",
        PriceTier.Under30 => "−30 %",
        PriceTier.BelowCost => "below cost",
        _ => "unauthorized store",
    };

    public static string KindText(string kind) => kind switch
    {
        "diversion" => "Diversion",
        "unknown_serial" => "Unknown serial",
        "counterfeit_suspicion" => "Counterfeit suspicion",
        "price_violation" => "Price violation",
        "reward_fraud" => "Reward fraud",
        _ => kind,
    };
}
