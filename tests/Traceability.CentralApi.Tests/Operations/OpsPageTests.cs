using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Time.Testing;
using Traceability.CentralApi.Tests.GeoIp;
using Traceability.CentralApi.Tests.Grpc;
using static Traceability.CentralApi.Tests.Operations.OpsStory;

namespace Traceability.CentralApi.Tests.Operations;

/// <summary>What the operations page shows of the seeded story, acknowledging from it, and the dealer and unit pages.</summary>
public sealed partial class OpsPageTests : IDisposable
{
    private readonly GeoIpCentral _central = new(Factory);
    private readonly OpsStory _story;

    public OpsPageTests() => _story = new OpsStory(_central.Factory);

    public void Dispose() => _central.Dispose();

    [Fact]
    public async Task The_page_counts_open_alerts_per_kind_and_lists_the_newest_with_their_units_and_evidence()
    {
        await _story.TellAsync();
        var expected = await _story.OpenAlertsByKindAsync();

        var html = await PageAsync("/ops");

        Assert.Equal(3, expected["diversion"]);
        Assert.Equal(2, expected["price_violation"]);
        foreach (var (kind, count) in expected)
        {
            Assert.Matches($"<li data-kind=\"{kind}\"><span class=\"n\">{count}</span>", html);
        }

        Assert.Equal(expected.Values.Sum(), AlertRows().Count(html));
        var zhejiang = Row(html, _story.Serials[1]);
        Assert.Contains("data-kind=\"diversion\"", zhejiang, StringComparison.Ordinal);
        Assert.Contains($"<a class=\"unit\" href=\"/ops/units/{Gtin}/{_story.Serials[1]}\">", zhejiang, StringComparison.Ordinal);
        Assert.Contains("was activated in CN-330000", zhejiang, StringComparison.Ordinal);
        Assert.Contains("<button type=\"submit\">Acknowledge</button>", zhejiang, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Activation_rates_by_region_and_batch_are_bar_charts_with_the_same_numbers_in_tables()
    {
        await _story.TellAsync();

        var html = await PageAsync("/ops");

        // Guangdong's four units: two activated (one of them in Zhejiang); Shanghai's two: one (in Shenzhen).
        var region = Chart(html, "chart-activation-region");
        Assert.Equal(["CN-310000", "CN-440000"], Bars(region));
        Assert.Contains("<text class=\"value\" x=\"302\" y=\"19.5\">50.0 %</text>", region, StringComparison.Ordinal);
        Assert.Contains("<title>CN-440000: 2 of 4 activated (50.0 %)</title>", region, StringComparison.Ordinal);
        Assert.Contains("role=\"img\" aria-labelledby=\"chart-activation-region-title chart-activation-region-desc\"", region, StringComparison.Ordinal);
        Assert.Contains("<title id=\"chart-activation-region-title\">Activation rate by region</title>", region, StringComparison.Ordinal);
        var batch = Chart(html, "chart-activation-batch");
        Assert.Equal(["L-A", "L-B"], Bars(batch));
        Assert.Contains("<rect class=\"fill\" x=\"126\" y=\"6\" width=\"85\" height=\"18\"/>", batch, StringComparison.Ordinal);
        Assert.Contains("<tr><td>09506000134352 lot L-A</td><td class=\"num\">2</td><td class=\"num\">4</td><td class=\"num\">50.0 %</td></tr>", html, StringComparison.Ordinal);
        Assert.Contains("<tr><td>09506000134352 lot L-B</td><td class=\"num\">1</td><td class=\"num\">2</td><td class=\"num\">50.0 %</td></tr>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Activation_rates_are_kept_for_the_report_lifetime_and_counted_again_after_it()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        _central.Factory.Time = time;
        await _story.TellAsync();
        const string Before = "<tr><td>09506000134352 lot L-A</td><td class=\"num\">2</td><td class=\"num\">4</td><td class=\"num\">50.0 %</td></tr>";
        const string After = "<tr><td>09506000134352 lot L-A</td><td class=\"num\">3</td><td class=\"num\">4</td><td class=\"num\">75.0 %</td></tr>";
        Assert.Contains(Before, await PageAsync("/ops"), StringComparison.Ordinal);

        await _story.ActivateAsync(_story.Serials[2], ShenzhenIp);
        time.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromSeconds(1));
        var kept = await PageAsync("/ops");
        time.Advance(TimeSpan.FromSeconds(1));
        var counted = await PageAsync("/ops");

        Assert.Contains(Before, kept, StringComparison.Ordinal);
        Assert.Contains(After, counted, StringComparison.Ordinal);
        Assert.Contains($"counted <time datetime=\"{time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff", CultureInfo.InvariantCulture)}", counted, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dealers_are_ranked_by_their_evidence_as_stacked_bars_and_price_violations_show_tier_price_and_floor()
    {
        await _story.TellAsync();

        var html = await PageAsync("/ops");

        // Guangdong: one unit activated out of region (1 point), one inspector finding (3), one test buy (5); Shanghai: one activation.
        var dealers = Chart(html, "chart-dealers");
        Assert.Equal(["Guangdong Dealer", "Shanghai Dealer"], Bars(dealers));
        Assert.Contains("data-label=\"Guangdong Dealer\" data-total=\"9\"", dealers, StringComparison.Ordinal);
        Assert.Equal(4, Regex.Count(dealers, "<rect class=\"segment "));
        Assert.Contains("<a href=\"/ops/dealers/GD-1\">", dealers, StringComparison.Ordinal);
        Assert.Contains("<td class=\"num\" data-label=\"Test buys\">1</td><td class=\"num\" data-label=\"Points\">9</td>", html, StringComparison.Ordinal);
        var violations = Section(html, "violations");
        Assert.Contains("<span class=\"tier tier-under_30\">−30 %</span>", WebUtilityDecode(violations), StringComparison.Ordinal);
        Assert.Contains("<span class=\"tier tier-below_cost\">below cost</span>", violations, StringComparison.Ordinal);
        Assert.Contains("<td data-label=\"Store\">cheap watches outlet</td>", violations, StringComparison.Ordinal);
        Assert.Contains("<td class=\"num\" data-label=\"Price\">650 CNY</td><td class=\"num\" data-label=\"Floor\">1,000 CNY</td><td class=\"num\" data-label=\"Under floor\">35.0 %</td>", violations, StringComparison.Ordinal);
        Assert.Contains($"<a class=\"unit\" href=\"/ops/units/{Gtin}/{_story.Serials[3]}\">", violations, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Acknowledging_from_the_page_takes_the_alert_off_the_open_list()
    {
        await _story.TellAsync();
        using var browser = _story.Browser();
        using (await SignInAsync(browser, CentralApiFactory.AdminKey))
        {
        }

        var html = await browser.GetStringAsync(new Uri("/ops", UriKind.Relative));
        var row = Row(html, _story.Serials[1]);
        var alertId = Regex.Match(row, "data-alert-id=\"([0-9a-f-]+)\"").Groups[1].Value;
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = Token(row) });

        using var acknowledged = await browser.PostAsync(new Uri($"/ops/alerts/{alertId}/ack", UriKind.Relative), form);

        Assert.Equal(HttpStatusCode.SeeOther, acknowledged.StatusCode);
        Assert.Equal("/ops#alerts", acknowledged.Headers.Location!.OriginalString);
        var after = await browser.GetStringAsync(new Uri("/ops", UriKind.Relative));
        Assert.DoesNotContain(alertId, after, StringComparison.Ordinal);
        Assert.Matches("<li data-kind=\"diversion\"><span class=\"n\">2</span>", after);
        using var desk = _central.Factory.HttpClient(CentralApiFactory.ServiceDeskKey);
        var alert = await desk.GetStringAsync(new Uri($"/api/alerts/{alertId}", UriKind.Relative));
        Assert.Contains("\"acknowledgedBy\":\"admin-key-0\"", alert, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_acknowledgement_without_the_forms_token_is_refused_and_the_alert_stays_open()
    {
        await _story.TellAsync();
        using var browser = _story.Browser();
        using (await SignInAsync(browser, CentralApiFactory.AdminKey))
        {
        }

        var html = await browser.GetStringAsync(new Uri("/ops", UriKind.Relative));
        var alertId = Regex.Match(Row(html, _story.Serials[1]), "data-alert-id=\"([0-9a-f-]+)\"").Groups[1].Value;
        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = "forged" });

        using var refused = await browser.PostAsync(new Uri($"/ops/alerts/{alertId}/ack", UriKind.Relative), form);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains(alertId, await browser.GetStringAsync(new Uri("/ops", UriKind.Relative)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_hostile_dealer_name_is_shown_as_text_everywhere()
    {
        const string hostile = "<script>alert('x')</script> & \"Sons\"";
        await _story.TellAsync(shanghaiName: hostile);

        var page = await PageAsync("/ops");
        var dealer = await PageAsync("/ops/dealers/SH-1");

        foreach (var html in new[] { page, dealer })
        {
            Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; &quot;Sons&quot;", html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_dealers_page_lists_its_evidence_with_links_to_the_units_and_a_units_page_shows_its_activations_and_channel()
    {
        await _story.TellAsync();

        var dealer = await PageAsync("/ops/dealers/GD-1");
        var unit = await PageAsync($"/ops/units/{Gtin}/{_story.Serials[1]}");

        Assert.Contains("<h2 id=\"dealer-name\">Guangdong Dealer</h2>", dealer, StringComparison.Ordinal);
        Assert.Contains("<p id=\"dealer-counts\">1 units activated out of region, 1 inspector findings in the wrong region, 1 test-buy units: 9 points.</p>", dealer, StringComparison.Ordinal);
        Assert.Contains($"/ops/units/{Gtin}/{_story.Serials[1]}\"", Section(dealer, "diverted-activations"), StringComparison.Ordinal);
        Assert.Contains("CN-330000", Section(dealer, "diverted-activations"), StringComparison.Ordinal);
        var findings = Section(dealer, "inspections");
        Assert.Contains($"/ops/units/{Gtin}/{_story.Serials[2]}\"", findings, StringComparison.Ordinal);
        Assert.Contains("<td>diversion</td><td>Hangzhou Watches</td><td>CN-330100</td>", findings, StringComparison.Ordinal);
        Assert.Contains($"/ops/units/{Gtin}/{_story.Serials[3]}\"", Section(dealer, "test-buys"), StringComparison.Ordinal);
        Assert.Contains("<td>first</td><td>CN-330000</td><td><a class=\"dealer\" href=\"/ops/dealers/GD-1\">GD-1</a>", unit, StringComparison.Ordinal);
        Assert.Equal(4, Regex.Count(Section(unit, "unit-channel"), "<tr><td>(Shipping|Receiving)</td>"));
        using var admin = _central.Factory.HttpClient(CentralApiFactory.AdminKey);
        using var missing = await admin.GetAsync(new Uri("/ops/dealers/NOBODY", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    private async Task<string> PageAsync(string path)
    {
        using var admin = _central.Factory.HttpClient(CentralApiFactory.AdminKey);
        using var response = await admin.GetAsync(new Uri(path, UriKind.Relative));
        var html = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, html);
        return html;
    }

    private static string WebUtilityDecode(string html) => WebUtility.HtmlDecode(html);

    private static string Row(string html, string serial) =>
        Regex.Match(html, $"<tr data-alert-id=[^\\n]*{Regex.Escape(serial)}[^\\n]*</tr>").Value is { Length: > 0 } row ? row : throw new InvalidOperationException($"No alert row for {serial}.");

    private static string Chart(string html, string id) => Regex.Match(html, $"<svg class=\"chart\" id=\"{id}\".*?</svg>", RegexOptions.Singleline).Value;

    private static string Section(string html, string id) => Regex.Match(html, $"<section[^>]* id=\"{id}\".*?</section>", RegexOptions.Singleline).Value;

    private static List<string> Bars(string svg) =>
        Regex.Matches(svg, "<g class=\"bar\" data-label=\"([^\"]*)\"").Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)).ToList();

    [GeneratedRegex("<tr data-alert-id=")]
    private static partial Regex AlertRows();
}
