using System.Net;
using System.Text.Json;
using Traceability.CentralApi.Tests.Channel;
using Traceability.CentralApi.Tests.Grpc;
using Traceability.Core.Authentication;
using Traceability.Core.Gs1;
using static Traceability.CentralApi.Tests.Grpc.WireEvents;

namespace Traceability.CentralApi.Tests.ConsumerScan;

/// <summary>
/// The story shared by the scan and reward tests: four units of "Watch One" made on line-1; a distributor (CN), a
/// Guangdong dealer under it and a Guangzhou store under that; helpers to ship a unit down to the store and sell it, and
/// to list the alerts raised.
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
        await factory.PostOkAsync(CentralApiFactory.AdminKey, "/api/products", new { gtin = Gtin, companyPrefixLength = 7, model = "W1", name = "Watch One" }, HttpStatusCode.Created);
        var serials = await AllocateAsync(factory, "line-1", Gtin, 4);
        await SendAsync(factory, "line-1", [.. serials.Select((s, i) => Commissioned(i + 1, Gtin, s))]);
        await factory.CreateDealersAsync(
            new { id = Distributor, name = "South China Distribution", level = 1, regions = new[] { "CN" } },
            new { id = Guangdong, name = "Guangdong Dealer", parentId = Distributor, level = 2, regions = new[] { "CN-GD" } },
            new { id = Store, name = "Guangzhou Store", parentId = Guangdong, level = 3, regions = new[] { "CN-440100" } });
        return serials;
    }

    /// <summary>Ships the unit from the brand to the distributor, then to the Guangdong dealer.</summary>
    public Task ShipToGuangdongAsync(string serial) => factory.ShipDownAsync($"(01){Gtin}(21){serial}", Distributor, Guangdong);

    /// <summary>Ships the unit down to the store and sells it there.</summary>
    public async Task ShipAndSellAsync(string serial)
    {
        var code = $"(01){Gtin}(21){serial}";
        await factory.ShipDownAsync(code, Distributor, Guangdong, Store);
        await factory.PostOkAsync(CentralApiFactory.DealerKeyFor(Store), "/api/sales", new { codes = new[] { code }, soldAt = DateTimeOffset.UtcNow });
    }

    /// <summary>The alerts raised so far, as the service desk lists them.</summary>
    public async Task<IReadOnlyList<JsonElement>> AlertsAsync()
    {
        using var staff = factory.HttpClient(CentralApiFactory.ServiceDeskKey);
        using var alerts = JsonDocument.Parse(await staff.GetStringAsync("/api/alerts"));
        return [.. alerts.RootElement.GetProperty("alerts").EnumerateArray().Select(a => a.Clone())];
    }
}
