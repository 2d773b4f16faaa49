using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Traceability.CentralApi.Tests.Grpc;
using static Traceability.CentralApi.Tests.Grpc.WireEvents;

namespace Traceability.CentralApi.Tests.Operations;

/// <summary>
/// The story the operations tests read: six "Watch One" units (lot L-A: four, lot L-B: two, list price 1000 CNY),
/// shipped through a distributor to a Guangdong dealer (L-A) and a Shanghai dealer (L-B). A Guangdong unit is activated
/// in Zhejiang and another found by an inspector in Hangzhou; a Shanghai unit is activated in Shenzhen; a grey store
/// sells a Guangdong unit (a test buy) 35 % under the list price and the dealer's own flagship sells below cost.
/// </summary>
internal sealed partial class OpsStory(CentralApiFactory factory)
{
    public const string Gtin = "09506000134352";
    public const string Distributor = "DIST-1";
    public const string Guangdong = "GD-1";
    public const string Shanghai = "SH-1";
    public const string Flagship = "GD Watch Flagship";
    public const string GreyStore = "Cheap Watches Outlet";
    public const string ShenzhenIp = "113.87.20.4";
    public const string ZhejiangIp = "183.129.7.1";

    /// <summary>A factory with dealer keys, the test GeoIP database and the flagship store mapped to the Guangdong dealer.</summary>
    public static CentralApiFactory Factory(string geoIpDatabase)
    {
        var factory = new CentralApiFactory { Dealers = { Distributor, Guangdong, Shanghai } };
        factory.Settings["GeoIp:Database"] = geoIpDatabase;
        factory.Settings["PriceWatch:AuthorizedStores:0:Platform"] = "tmall";
        factory.Settings["PriceWatch:AuthorizedStores:0:Store"] = Flagship;
        factory.Settings["PriceWatch:AuthorizedStores:0:DealerId"] = Guangdong;
        return factory;
    }

    /// <summary>The units' serials, L-A first.</summary>
    public IReadOnlyList<string> Serials { get; private set; } = [];

    public async Task TellAsync(string shanghaiName = "Shanghai Dealer")
    {
        await PostAsync(CentralApiFactory.AdminKey, "/api/products",
            new { gtin = Gtin, companyPrefixLength = 7, model = "W1", name = "Watch One", listPrice = 1000m, currency = "CNY" }, HttpStatusCode.Created);
        var serials = await AllocateAsync(factory, "line-1", Gtin, 6);
        await SendAsync(factory, "line-1", [.. serials.Select((s, i) => Commissioned(i + 1, Gtin, s, lot: i < 4 ? "L-A" : "L-B"))]);
        Serials = serials;
        foreach (var dealer in new object[]
        {
            new { id = Distributor, name = "South China Distribution", level = 1, regions = new[] { "CN" } },
            new { id = Guangdong, name = "Guangdong Dealer", parentId = Distributor, level = 2, regions = new[] { "CN-GD" } },
            new { id = Shanghai, name = shanghaiName, parentId = Distributor, level = 2, regions = new[] { "CN-SH" } },
        })
        {
            await PostAsync(CentralApiFactory.AdminKey, "/api/dealers", dealer, HttpStatusCode.Created);
        }

        await ShipAsync(serials.Take(4), Guangdong);
        await ShipAsync(serials.Skip(4), Shanghai);
        await ActivateAsync(serials[0], ShenzhenIp);
        await ActivateAsync(serials[1], ZhejiangIp);
        await ActivateAsync(serials[4], ShenzhenIp);
        await PostAsync(CentralApiFactory.InspectorKey, "/api/inspections",
            new { code = CentralApiFactory.SignedCode(Gtin, serials[2]), storeRegion = "CN-330100", storeName = "Hangzhou Watches" }, HttpStatusCode.Created);
        using var listings = new StringContent(JsonSerializer.Serialize(new object[]
        {
            new { platform = "tmall", store = GreyStore, gtin = Gtin, price = 650m, currency = "CNY", time = "2026-12-08T10:00:00+08:00", serial = serials[3] },
            new { platform = "tmall", store = Flagship, gtin = Gtin, price = 590m, currency = "CNY", time = "2026-12-08T11:00:00+08:00" },
        }), Encoding.UTF8, "application/json");
        using var admin = factory.HttpClient(CentralApiFactory.AdminKey);
        using var imported = await admin.PostAsync(new Uri("/api/pricewatch/listings", UriKind.Relative), listings);
        Assert.True(imported.StatusCode == HttpStatusCode.OK, await imported.Content.ReadAsStringAsync());
    }

    /// <summary>Open alerts per kind as the alert API counts them (the page must agree).</summary>
    public async Task<Dictionary<string, int>> OpenAlertsByKindAsync()
    {
        using var desk = factory.HttpClient(CentralApiFactory.ServiceDeskKey);
        using var body = JsonDocument.Parse(await desk.GetStringAsync(new Uri("/api/alerts?status=open&limit=500", UriKind.Relative)));
        return body.RootElement.GetProperty("alerts").EnumerateArray()
            .GroupBy(a => a.GetProperty("kind").GetString()!)
            .ToDictionary(g => g.Key, g => g.Count());
    }

    /// <summary>A browser-like client: keeps cookies, does not follow redirects (tests look at them).</summary>
    public HttpClient Browser() => factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>Opens the sign-in form, then posts it with <paramref name="apiKey"/>.</summary>
    public static async Task<HttpResponseMessage> SignInAsync(HttpClient browser, string apiKey, string? returnUrl = null)
    {
        var form = await browser.GetStringAsync(new Uri("/ops/sign-in" + (returnUrl is null ? "" : "?returnUrl=" + Uri.EscapeDataString(returnUrl)), UriKind.Relative));
        var fields = new Dictionary<string, string> { ["__RequestVerificationToken"] = Token(form), ["apiKey"] = apiKey };
        if (returnUrl is not null)
        {
            fields["returnUrl"] = returnUrl;
        }

        using var content = new FormUrlEncodedContent(fields);
        return await browser.PostAsync(new Uri("/ops/sign-in", UriKind.Relative), content);
    }

    /// <summary>The antiforgery token of the page's first form.</summary>
    public static string Token(string html) =>
        WebUtility.HtmlDecode(TokenField().Match(html) is { Success: true } m ? m.Groups[1].Value : throw new InvalidOperationException("The page has no form token."));

    private async Task ShipAsync(IEnumerable<string> serials, string dealerId)
    {
        var codes = serials.Select(s => $"(01){Gtin}(21){s}").ToArray();
        await PostAsync(CentralApiFactory.AdminKey, "/api/shipments", new { codes, toDealerId = Distributor });
        await PostAsync(CentralApiFactory.DealerKeyFor(Distributor), "/api/receipts", new { codes });
        await PostAsync(CentralApiFactory.DealerKeyFor(Distributor), "/api/shipments", new { codes, toDealerId = dealerId });
        await PostAsync(CentralApiFactory.DealerKeyFor(dealerId), "/api/receipts", new { codes });
    }

    /// <summary>Activates a unit from an address (the activation API, as a device would).</summary>
    public Task ActivateAsync(string serial, string ip) => PostAsync(null, "/api/activations", new
    {
        code = CentralApiFactory.SignedCode(Gtin, serial), accountId = "acct-" + serial, ip, activatedAt = DateTimeOffset.UtcNow.AddMinutes(-5),
    });

    private async Task PostAsync(string? key, string path, object body, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var http = factory.HttpClient(key);
        using var response = await http.PostAsJsonAsync(path, body);
        Assert.True(response.StatusCode == expected, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();
}
