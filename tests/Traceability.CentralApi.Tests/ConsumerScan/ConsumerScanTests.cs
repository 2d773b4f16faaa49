using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Traceability.CentralApi.Storage;
using Traceability.CentralApi.Tests.GeoIp;
using Traceability.CentralApi.Tests.Grpc;
using Traceability.Core.Authentication;
using static Traceability.CentralApi.Tests.ConsumerScan.ScanSeed;

namespace Traceability.CentralApi.Tests.ConsumerScan;

/// <summary>
/// Consumer scans through the Digital Link routes: each verdict and reason, the counting, the client address from a
/// trusted X-Forwarded-For placed by the test GeoIP database, and one counterfeit alert per unit.
/// </summary>
public sealed class ConsumerScanTests : IDisposable
{
    private readonly GeoIpCentral _central = new(Factory);
    private readonly ScanSeed _seed;

    public ConsumerScanTests() => _seed = new ScanSeed(_central.Factory);

    public void Dispose() => _central.Dispose();

    [Fact]
    public async Task A_shipped_unit_scanned_once_is_genuine_with_model_production_date_sold_for_region_and_warranty_and_the_scan_is_counted()
    {
        var serials = await _seed.MakeUnitsAsync();
        await _seed.ShipToGuangdongAsync(serials[0]);

        using var scan = await ScanJsonAsync(serials[0], ShenzhenIp);

        var root = scan.RootElement;
        Assert.Equal("genuine", root.GetProperty("verdict").GetString());
        Assert.Empty(root.GetProperty("reasons").EnumerateArray());
        Assert.Equal("W1", root.GetProperty("product").GetProperty("model").GetString());
        Assert.Equal("2026-11-25", root.GetProperty("commissionedOn").GetString());
        Assert.Equal(["CN-440000"], root.GetProperty("soldForRegions").EnumerateArray().Select(r => r.GetString()));
        Assert.NotEqual(JsonValueKind.Null, root.GetProperty("warranty").GetProperty("state").ValueKind);
        var scans = await _central.Factory.Services.GetRequiredService<IConsumerScanStore>().ListScansAsync(Gtin, serials[0]);
        var stored = Assert.Single(scans);
        Assert.Equal((ShenzhenIp, GeoIpTestDatabases.Shenzhen, "genuine"), (stored.IpAddress, stored.Region, stored.Verdict));
        Assert.Empty(await _seed.AlertsAsync());
    }

    [Fact]
    public async Task A_unit_scanned_more_often_than_a_genuine_unit_would_be_is_suspicious_and_raises_one_alert()
    {
        _central.Factory.Settings["ConsumerScan:MaxScansPerDay"] = "3";
        _central.Factory.Settings["ConsumerScan:MaxScansTotal"] = "100";
        var serials = await _seed.MakeUnitsAsync();
        await _seed.ShipToGuangdongAsync(serials[0]);

        for (var i = 0; i < 3; i++)
        {
            using var fine = await ScanJsonAsync(serials[0], ShenzhenIp);
            Assert.Equal("genuine", fine.RootElement.GetProperty("verdict").GetString());
        }

        using var fourth = await ScanJsonAsync(serials[0], ShenzhenIp);
        using var fifth = await ScanJsonAsync(serials[0], ShenzhenIp);

        Assert.Equal("suspicious", fourth.RootElement.GetProperty("verdict").GetString());
        Assert.Equal(["too_many_scans_today"], ReasonCodes(fourth));
        Assert.Contains("4 times today", fourth.RootElement.GetProperty("reasons")[0].GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Equal(["too_many_scans_today"], ReasonCodes(fifth));
        var alert = Assert.Single(await _seed.AlertsAsync());
        Assert.Equal(("counterfeit_suspicion", serials[0]), (alert.GetProperty("kind").GetString(), alert.GetProperty("unit").GetProperty("serial").GetString()));
        Assert.Equal(5, (await _central.Factory.Services.GetRequiredService<IConsumerScanStore>().ListScansAsync(Gtin, serials[0])).Count);
    }

    [Fact]
    public async Task A_unit_scanned_more_often_in_all_than_the_total_limit_is_suspicious()
    {
        _central.Factory.Settings["ConsumerScan:MaxScansPerDay"] = "2";
        _central.Factory.Settings["ConsumerScan:MaxScansTotal"] = "2";
        var serials = await _seed.MakeUnitsAsync();
        await _seed.ShipToGuangdongAsync(serials[0]);
        (await ScanJsonAsync(serials[0], ShenzhenIp)).Dispose();
        (await ScanJsonAsync(serials[0], ShenzhenIp)).Dispose();

        using var third = await ScanJsonAsync(serials[0], ShenzhenIp);

        Assert.Equal(["too_many_scans_today", "too_many_scans"], ReasonCodes(third));
    }

    [Fact]
    public async Task A_unit_scanned_by_a_consumer_before_it_was_ever_shipped_is_suspicious_and_raises_an_alert()
    {
        var serials = await _seed.MakeUnitsAsync();

        using var scan = await ScanJsonAsync(serials[1], ShenzhenIp);

        Assert.Equal("suspicious", scan.RootElement.GetProperty("verdict").GetString());
        Assert.Equal(["scanned_before_shipping"], ReasonCodes(scan));
        Assert.Equal(JsonValueKind.Null, scan.RootElement.GetProperty("soldForRegions").ValueKind);
        var alert = Assert.Single(await _seed.AlertsAsync());
        Assert.Equal("counterfeit_suspicion", alert.GetProperty("kind").GetString());
    }

    [Fact]
    public async Task Scans_in_two_provinces_faster_than_anyone_could_travel_are_suspicious_but_a_city_inside_the_province_is_not()
    {
        var serials = await _seed.MakeUnitsAsync();
        await _seed.ShipToGuangdongAsync(serials[0]);

        using var guangdong = await ScanJsonAsync(serials[0], GuangdongIp);
        using var shenzhen = await ScanJsonAsync(serials[0], ShenzhenIp);
        using var zhejiang = await ScanJsonAsync(serials[0], ZhejiangIp);
        using var zhejiangAgain = await ScanJsonAsync(serials[0], ZhejiangIp);

        Assert.Equal("genuine", guangdong.RootElement.GetProperty("verdict").GetString());
        Assert.Equal("genuine", shenzhen.RootElement.GetProperty("verdict").GetString());
        Assert.Equal(["impossible_travel"], ReasonCodes(zhejiang));
        Assert.Contains(GeoIpTestDatabases.Shenzhen, zhejiang.RootElement.GetProperty("reasons")[0].GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Equal("genuine", zhejiangAgain.RootElement.GetProperty("verdict").GetString());
        Assert.Single(await _seed.AlertsAsync());
    }

    [Fact]
    public async Task A_scan_without_a_placed_address_is_never_impossible_travel()
    {
        var serials = await _seed.MakeUnitsAsync();
        await _seed.ShipToGuangdongAsync(serials[0]);

        using var zhejiang = await ScanJsonAsync(serials[0], ZhejiangIp);
        using var nowhere = await ScanJsonAsync(serials[0], "8.8.8.8");

        Assert.Equal("genuine", nowhere.RootElement.GetProperty("verdict").GetString());
    }

    [Theory]
    [InlineData("forged")]
    [InlineData("unknown-key")]
    public async Task A_code_whose_DigSig_fails_is_suspicious_without_reading_the_unit_and_raises_one_alert(string kind)
    {
        var serials = await _seed.MakeUnitsAsync();
        await _seed.ShipToGuangdongAsync(serials[0]);
        // Another serial under the first serial's signature (a copied label edited), or a code signed by a key central
        // does not trust.
        using var stranger = CodeSigningKey.Create(CodeKeyId.Parse("X9"));
        var tampered = kind == "forged"
            ? SignedLink(serials[0]).Replace($"/21/{serials[0]}", $"/21/{serials[1]}", StringComparison.Ordinal)
            : SignedLink(serials[0], stranger);

        using var first = await GetAsync(tampered, "application/json", ShenzhenIp);
        using var second = await GetAsync(tampered, "application/json", ShenzhenIp);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        using var json = JsonDocument.Parse(await first.Content.ReadAsStringAsync());
        Assert.Equal(("suspicious", false), (json.RootElement.GetProperty("verdict").GetString(), json.RootElement.GetProperty("genuine").GetBoolean()));
        Assert.Equal([kind == "forged" ? "signature_invalid" : "signature_unknown_key"], ReasonCodes(json));
        Assert.False(json.RootElement.TryGetProperty("product", out _));
        Assert.Single(await _seed.AlertsAsync());
    }

    [Fact]
    public async Task An_unsigned_link_is_suspicious_but_raises_no_alert_by_itself()
    {
        var serials = await _seed.MakeUnitsAsync();
        await _seed.ShipToGuangdongAsync(serials[0]);

        using var response = await GetAsync($"/01/{Gtin}/21/{serials[0]}", "application/json", ShenzhenIp);

        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("suspicious", json.RootElement.GetProperty("verdict").GetString());
        Assert.Equal(["unsigned"], ReasonCodes(json));
        Assert.Empty(await _seed.AlertsAsync());
    }

    [Fact]
    public async Task A_signed_code_for_a_serial_central_never_issued_is_unknown_in_JSON_and_HTML()
    {
        await _seed.MakeUnitsAsync();

        using var json = await GetAsync(SignedLink("NEVER-ISSUED"), "application/json", ShenzhenIp);
        using var page = await GetAsync(SignedLink("NEVER-ISSUED"), "text/html", ShenzhenIp);

        Assert.Equal(HttpStatusCode.NotFound, json.StatusCode);
        using var problem = JsonDocument.Parse(await json.Content.ReadAsStringAsync());
        Assert.Equal("unknown", problem.RootElement.GetProperty("verdict").GetString());
        Assert.Equal(["unknown_serial"], ReasonCodes(problem));
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.Contains("data-verdict=\"unknown\"", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_HTML_page_shows_the_verdict_reasons_and_the_consumer_facts()
    {
        var serials = await _seed.MakeUnitsAsync();

        using var response = await GetAsync(SignedLink(serials[2]), "text/html", ShenzhenIp);

        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<h1>Suspicious product code</h1>", html, StringComparison.Ordinal);
        Assert.Contains("data-reason=\"scanned_before_shipping\"", html, StringComparison.Ordinal);
        Assert.Contains("<dt>Model</dt><dd>W1</dd>", html, StringComparison.Ordinal);
        Assert.Contains("<dt>Warranty</dt>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_client_address_is_the_connection_s_unless_forwarded_headers_are_trusted()
    {
        _central.Factory.Settings["ConsumerScan:TrustForwardedFor"] = "false";
        var serials = await _seed.MakeUnitsAsync();
        await _seed.ShipToGuangdongAsync(serials[0]);

        (await ScanJsonAsync(serials[0], ZhejiangIp)).Dispose();

        var stored = Assert.Single(await _central.Factory.Services.GetRequiredService<IConsumerScanStore>().ListScansAsync(Gtin, serials[0]));
        Assert.Null(stored.Region);
        Assert.NotEqual(ZhejiangIp, stored.IpAddress);
    }

    [Fact]
    public async Task A_HEAD_or_a_linkset_request_is_not_a_scan()
    {
        var serials = await _seed.MakeUnitsAsync();
        using var http = _central.Factory.CreateClient();
        using var head = new HttpRequestMessage(HttpMethod.Head, SignedLink(serials[0]));
        (await http.SendAsync(head)).Dispose();
        (await GetAsync(SignedLink(serials[0]), "application/linkset+json", ShenzhenIp)).Dispose();

        Assert.Empty(await _central.Factory.Services.GetRequiredService<IConsumerScanStore>().ListScansAsync(Gtin, serials[0]));
    }

    private static string[] ReasonCodes(JsonDocument json) =>
        [.. json.RootElement.GetProperty("reasons").EnumerateArray().Select(r => r.GetProperty("code").GetString()!)];

    private async Task<JsonDocument> ScanJsonAsync(string serial, string ip)
    {
        using var response = await GetAsync(SignedLink(serial), "application/json", ip);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text);
    }

    private async Task<HttpResponseMessage> GetAsync(string path, string accept, string ip)
    {
        using var http = _central.Factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.Add(MediaTypeWithQualityHeaderValue.Parse(accept));
        // The client may write anything first; only the last entry (the trusted proxy's) counts.
        request.Headers.Add("X-Forwarded-For", $"10.9.9.9, {ip}");
        return await http.SendAsync(request);
    }
}
