using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Traceability.CentralApi.Tests.Grpc;
using static Traceability.CentralApi.Tests.Grpc.WireEvents;

namespace Traceability.CentralApi.Tests.Channel;

/// <summary>
/// The set-up the endpoint tests share over HTTP: requests that must succeed, four units made on line-1 and packed two
/// per case on one pallet, dealers, a code shipped down a chain of dealers; and the problem a refused request answers.
/// </summary>
internal static class ChannelStory
{
    /// <summary>The dealers: a level-1 distributor, a Guangdong dealer under it, a Guangzhou store under that.</summary>
    public const string Distributor = "DIST-1";

    public const string Guangdong = "GD-1";

    public const string Store = "STORE-GZ-1";

    /// <summary>Addresses the test GeoIP database places in Shenzhen (inside Guangdong) and in Zhejiang.</summary>
    public const string ShenzhenIp = "113.87.20.4";

    public const string ZhejiangIp = "183.129.7.1";

    /// <summary>Posts the body with the key and asserts the status (200 unless said).</summary>
    public static async Task PostOkAsync(
        this CentralApiFactory factory, string key, string path, object body, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var http = factory.HttpClient(key);
        using var response = await http.PostAsJsonAsync(path, body);
        Assert.True(response.StatusCode == expected, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>Four units of the product made on line-1, two per case, both cases on the pallet; returns their serials.</summary>
    public static async Task<IReadOnlyList<string>> PackTwoCasesOnAPalletAsync(
        this CentralApiFactory factory, string gtin, string caseA, string caseB, string pallet)
    {
        var serials = await AllocateAsync(factory, "line-1", gtin, 4);
        await SendAsync(
            factory,
            "line-1",
            Commissioned(1, gtin, serials[0]),
            Commissioned(2, gtin, serials[1]),
            Commissioned(3, gtin, serials[2]),
            Commissioned(4, gtin, serials[3]),
            Aggregated(5, caseA, UnitItem(gtin, serials[0]), UnitItem(gtin, serials[1])),
            Aggregated(6, caseB, UnitItem(gtin, serials[2]), UnitItem(gtin, serials[3])),
            Aggregated(7, pallet, CaseItem(caseA), CaseItem(caseB)));
        return serials;
    }

    /// <summary>Creates each dealer (the bodies of <c>POST /api/dealers</c>) as the admin.</summary>
    public static async Task CreateDealersAsync(this CentralApiFactory factory, params object[] dealers)
    {
        foreach (var dealer in dealers)
        {
            await factory.PostOkAsync(CentralApiFactory.AdminKey, "/api/dealers", dealer, HttpStatusCode.Created);
        }
    }

    /// <summary>Ships the code from the brand to the first dealer, which receives it and ships it on to the next, and so on.</summary>
    public static async Task ShipDownAsync(this CentralApiFactory factory, string code, params string[] dealers)
    {
        var holder = CentralApiFactory.AdminKey;
        foreach (var dealer in dealers)
        {
            await factory.PostOkAsync(holder, "/api/shipments", new { codes = new[] { code }, toDealerId = dealer });
            holder = CentralApiFactory.DealerKeyFor(dealer);
            await factory.PostOkAsync(holder, "/api/receipts", new { codes = new[] { code } });
        }
    }

    /// <summary>Asserts the status and an RFC 7807 body; returns the problem.</summary>
    public static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(text);
        return problem.RootElement.Clone();
    }
}
