using Traceability.CentralApi.Inspections;
using Traceability.CentralApi.Storage;

namespace Traceability.CentralApi.Operations;

/// <summary>The pages behind the dashboard's links: one dealer's diversion evidence, one unit's activations and channel.</summary>
internal static class OpsDetailPages
{
    public static string Dealer(DealerView view, string signedInAs, OpsForm form)
    {
        var name = view.Dealer?.Name ?? view.DealerId;
        return OpsLayout.Page(name, signedInAs, form, 0, html =>
        {
            html.Raw("<section class=\"wide\" id=\"dealer\">\n<h2 id=\"dealer-name\">").Text(name).Raw("</h2>\n<p>Dealer <code>").Text(view.DealerId).Raw("</code>");
            if (view.Dealer is { } dealer)
            {
                html.Raw(", level ").Text(dealer.Level.ToString()).Raw(", may sell in ").Text(string.Join(", ", dealer.Regions));
                if (dealer.ParentId is not null)
                {
                    html.Raw(", supplied by ").DealerLink(dealer.ParentId);
                }
            }
            else
            {
                html.Raw(" <span class=\"muted\">(central has no such dealer)</span>");
            }

            html.Raw(".</p>\n");
            if (view.Rank is { } rank)
            {
                var w = view.Weights;
                OpsDashboardPage.Legend(html);
                OpsCharts.Stacked(html, "chart-dealer", "Diversion evidence (points)", OpsDashboardPage.EvidenceSegments,
                [
                    new StackedBar(name, OpsPaths.Dealer(view.DealerId),
                        [rank.OutOfRegionActivations * w.ActivationWeight, rank.InspectionDiversions * w.InspectionWeight, rank.TestBuys * w.TestBuyWeight]),
                ]);
                html.Raw("<p id=\"dealer-counts\">").Number(rank.OutOfRegionActivations).Raw(" units activated out of region, ").Number(rank.InspectionDiversions)
                    .Raw(" inspector findings in the wrong region, ").Number(rank.TestBuys).Raw(" test-buy units: ").Number(rank.Score).Raw(" points.</p>\n");
            }
            else
            {
                html.Raw("<p id=\"dealer-counts\">No diversion evidence.</p>\n");
            }

            html.Raw("</section>\n<div class=\"grid\">\n");
            Activations(html, view.DivertedActivations);
            Inspections(html, view.Inspections);
            html.Raw("<section class=\"wide\" id=\"test-buys\">\n<h2>Test buys traced to this dealer</h2>\n");
            if (view.TestBuys.Count == 0)
            {
                html.Raw("<p>None.</p>\n");
            }
            else
            {
                OpsDashboardPage.ViolationTable(html, "test-buy-table", view.TestBuys);
            }

            html.Raw("</section>\n</div>\n");
        });
    }

    private static void Activations(OpsHtml html, IReadOnlyList<ActivationRecord> activations)
    {
        html.Raw("<section id=\"diverted-activations\">\n<h2>Units activated out of region</h2>\n");
        if (activations.Count == 0)
        {
            html.Raw("<p>None.</p>\n</section>\n");
            return;
        }

        html.Raw("<div class=\"scroll\"><table>\n<thead><tr><th>Unit</th><th>Activated in</th><th>Activated</th></tr></thead>\n<tbody>\n");
        foreach (var a in activations)
        {
            html.Raw("<tr><td>").UnitLink(a.Gtin, a.Serial).Raw("</td><td>").Text(a.Region ?? "unknown").Raw("</td><td>").Time(a.ActivatedAt).Raw("</td></tr>\n");
        }

        html.Raw("</tbody></table></div>\n</section>\n");
    }

    private static void Inspections(OpsHtml html, IReadOnlyList<InspectionRecord> inspections)
    {
        html.Raw("<section id=\"inspections\">\n<h2>Inspector findings</h2>\n");
        if (inspections.Count == 0)
        {
            html.Raw("<p>None.</p>\n</section>\n");
            return;
        }

        html.Raw("<div class=\"scroll\"><table>\n<thead><tr><th>Unit</th><th>Finding</th><th>Store</th><th>Region</th><th>Inspected</th></tr></thead>\n<tbody>\n");
        foreach (var i in inspections)
        {
            html.Raw("<tr").Raw(i.Diversion ? " class=\"diversion\"" : "").Raw("><td>").UnitLink(i.Gtin, i.Serial).Raw("</td><td>").Text(InspectionArguments.Stored(i.Finding))
                .Raw("</td><td>").Text(i.StoreName).Raw("</td><td>").Text(i.StoreRegion).Raw("</td><td>").Time(i.InspectedAt).Raw("</td></tr>\n");
        }

        html.Raw("</tbody></table></div>\n</section>\n");
    }

    public static string Unit(UnitView view, string signedInAs, OpsForm form)
    {
        var unit = view.Unit;
        return OpsLayout.Page($"{unit.Gtin}/{unit.Serial}", signedInAs, form, 0, html =>
        {
            html.Raw("<section class=\"wide\" id=\"unit\">\n<h2>Unit ").Text(unit.Gtin).Raw("/").Text(unit.Serial).Raw("</h2>\n<p>State ").Text(unit.State.ToString())
                .Raw(", line ").Text(unit.LineId);
            if (unit.CommissionedAt is { } at)
            {
                html.Raw(", commissioned ").Time(at);
            }

            html.Raw(".</p>\n</section>\n<div class=\"grid\">\n<section id=\"unit-activations\">\n<h2>Activations</h2>\n");
            if (view.Activations.Count == 0)
            {
                html.Raw("<p>Never activated.</p>\n");
            }
            else
            {
                html.Raw("<div class=\"scroll\"><table>\n<thead><tr><th></th><th>Region</th><th>Dealer</th><th>Activated</th><th>Diversion</th></tr></thead>\n<tbody>\n");
                for (var i = 0; i < view.Activations.Count; i++)
                {
                    var a = view.Activations[i];
                    html.Raw("<tr><td>").Raw(i == 0 ? "first" : "later").Raw("</td><td>").Text(a.Region ?? "unknown").Raw("</td><td>");
                    if (a.DealerId is not null)
                    {
                        html.DealerLink(a.DealerId);
                    }

                    html.Raw("</td><td>").Time(a.ActivatedAt).Raw("</td><td>").Raw(a.Diversion ? "yes" : "no").Raw("</td></tr>\n");
                }

                html.Raw("</tbody></table></div>\n");
            }

            html.Raw("</section>\n<section id=\"unit-channel\">\n<h2>Channel</h2>\n");
            if (view.Channel.Count == 0)
            {
                html.Raw("<p>Never left the brand.</p>\n");
            }
            else
            {
                html.Raw("<div class=\"scroll\"><table>\n<thead><tr><th>Step</th><th>From</th><th>To</th><th>When</th></tr></thead>\n<tbody>\n");
                foreach (var step in view.Channel)
                {
                    html.Raw("<tr><td>").Text(step.Step.ToString()).Raw("</td><td>");
                    if (step.FromDealerId is not null)
                    {
                        html.DealerLink(step.FromDealerId);
                    }
                    else
                    {
                        html.Raw("<span class=\"muted\">brand</span>");
                    }

                    html.Raw("</td><td>");
                    if (step.ToDealerId is not null)
                    {
                        html.DealerLink(step.ToDealerId);
                    }

                    html.Raw("</td><td>").Time(step.OccurredAt).Raw("</td></tr>\n");
                }

                html.Raw("</tbody></table></div>\n");
            }

            html.Raw("</section>\n</div>\n");
        });
    }
}
