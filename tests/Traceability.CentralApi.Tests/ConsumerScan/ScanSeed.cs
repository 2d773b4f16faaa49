using System.Net;
using System.Net.Http.Json;
using Traceability.CentralApi.Tests.Grpc;
using Traceability.Core.Authentication;
using Traceability.Core.Gs1;
using static Traceability.CentralApi.Tests.Grpc.WireEvents;

namespace Traceability.CentralApi.Tests.ConsumerScan;

/// <summary>
/// The story shared by the scan and reward tests: four units of "Watch One" made on line-1; a distributor (CN), a
/// Guangdong dealer under it and a Guangzhou store under that; helpers to ship a unit down to the store and sell it.
/// </summary>
internal sealed class ScanSeed(CentralApiFactory factory)
{
    public const string Gtin = "09506000134352";
    public const string Distributor = "DIST-1";
    public const string Guangdong = "GD-1";
    public const string Store = "STORE-GZ-1";
    public const string ShenzhenIp = "113.87.20.4";
    public const string GuangdongIp = "113.64.1.1";
    public const string ZhejiangIp = "183.129.7.1";

    /// <summary>A factory whose dealers have keys, with the test GeoIP database and X-Forwarded-For trusted.</summary>
    public static CentralApiFactory Factory(string geoIpDatabase)
    {
        var factory = new CentralApiFactory { Dealers = { Distributor, Guangdong, Store } };
        factory.Settings["GeoIp:Database"] = geoIpDatabase;
        factory.Settings["ConsumerScan:TrustForwardedFor"] = "true";
        return factory;
    }

    /// <summary>The path and query of the unit's Digital Link as printed on the label (with its DigSig in 8030).</summary>
    public static string SignedLink(string serial, CodeSigningKey? key = null)
    {
        var signed = new CodeSigner(key ?? CentralApiFactory.SigningKey).Sign(ElementString.Parse($"(01){Gtin}(21){serial}"));
        return new Uri(DigitalLink.Format(signed, "https://id.example.com")).PathAndQuery;
    }

    public async Task<IReadOnlyList<string>> MakeUnitsAsync()
    {
        await PostAsync(CentralApiFactory.AdminKey, "/api/products", new { gtin = Gtin, companyPrefixLength = 7, model = "W1", name = "Watch One" }, HttpStatusCode.Created);
        var serials = await AllocateAsync(factory, "line-1", Gtin, 4);
        await SendAsync(factory, "line-1", [.. serials.Select((s, i) => Commissioned(i + 1, Gtin, s))]);
        foreach (var dealer in new object[]
        {
            new { id = Distributor, name = "South China Distribution", level = 1, regions = new[] { "CN" } },
            new { id = Guangdong, name = "Guangdong Dealer", parentId = Distributor, level = 2, regions = new[] { "CN-GD" } },
            new { id = Store, name = "Guangzhou Store", parentId = Guangdong, level = 3, regions = new[] { "CN-440100" } },
        })
        {
            await PostAsync(CentralApiFactory.AdminKey, "/api/dealers", dealer, HttpStatusCode.Created);
        }

        return serials;
    }

    /// <summary>Ships the unit from the brand to the distributor, then to the Guangdong dealer.</summary>
    public async Task ShipToGuangdongAsync(string serial)
    {
        var code = new[] { $"(01){Gtin}(21){serial}" };
        await PostAsync(CentralApiFactory.AdminKey, "/api/shipments", new { codes = code, toDealerId = Distributor });
        await PostAsync(CentralApiFactory.DealerKeyFor(Distributor), "/api/receipts", new { codes = code });
        await PostAsync(CentralApiFactory.DealerKeyFor(Distributor), "/api/shipments", new { codes = code, toDealerId = Guangdong });
        await PostAsync(CentralApiFactory.DealerKeyFor(Guangdong), "/api/receipts", new { codes = code });
    }

    /// <summary>Ships the unit down to the store and sells it there.</summary>
    public async Task ShipAndSellAsync(string serial)
    {
        await ShipToGuangdongAsync(serial);
        var code = new[] { $"(01){Gtin}(21){serial}" };
        await PostAsync(CentralApiFactory.DealerKeyFor(Guangdong), "/api/shipments", new { codes = code, toDealerId = Store });
        await PostAsync(CentralApiFactory.DealerKeyFor(Store), "/api/receipts", new { codes = code });
        await PostAsync(CentralApiFactory.DealerKeyFor(Store), "/api/sales", new { codes = code, soldAt = DateTimeOffset.UtcNow });
    }

    private async Task PostAsync(string key, string path, object body, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var http = factory.HttpClient(key);
        using var response = await http.PostAsJsonAsync(path, body);
        Assert.True(response.StatusCode == expected, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }
}
