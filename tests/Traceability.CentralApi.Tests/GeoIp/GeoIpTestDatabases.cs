using Traceability.Testing;

namespace Traceability.CentralApi.Tests.GeoIp;

/// <summary>
/// The same small region-level database as CSV and as .mmdb (one with a region-code field, one GeoIP2-City style):
/// Guangdong with Shenzhen inside it, Zhejiang, over IPv4 and IPv6.
/// </summary>
public sealed class GeoIpTestDatabases : IDisposable
{
    public const string Shenzhen = "CN-440300";
    public const string Guangdong = "CN-440000";
    public const string Zhejiang = "CN-330000";

    /// <summary>(network, region) in insertion order: wider networks before the narrower ones inside them.</summary>
    public static readonly (string Network, string Region)[] Networks =
    [
        ("113.64.0.0/10", Guangdong),
        ("113.87.0.0/16", Shenzhen),
        ("183.128.0.0/11", Zhejiang),
        ("240e:3a0::/28", Guangdong),
        ("240e:3a1::/32", Shenzhen),
        ("2408:8256::/32", Zhejiang),
    ];

    private readonly TempDirectory _folder = new();

    public GeoIpTestDatabases()
    {
        Csv = _folder.File("regions.csv");
        // Narrow before wide on purpose: the CSV's answer must not depend on line order.
        System.IO.File.WriteAllLines(Csv, ["network,region", "# test ranges", .. Networks.Reverse().Select(n => $"{n.Network},{n.Region}")]);
        RegionMmdb = _folder.File("regions.mmdb");
        MaxMindDbWriter.Write(RegionMmdb, Networks.Select(n => (n.Network, $$"""{"region":"{{n.Region}}"}""")));
        CityStyleMmdb = _folder.File("city-style.mmdb");
        MaxMindDbWriter.Write(CityStyleMmdb, [
            ("113.64.0.0/10", """{"country":{"iso_code":"CN"},"subdivisions":[{"iso_code":"GD"}]}"""),
            ("183.128.0.0/11", """{"country":{"iso_code":"CN"},"subdivisions":[{"iso_code":"ZJ"}]}"""),
            ("2408:8256::/32", """{"country":{"iso_code":"CN"},"subdivisions":[{"iso_code":"ZJ"}]}"""),
            ("8.8.8.0/24", """{"country":{"iso_code":"US"}}"""),
        ]);
    }

    public string Csv { get; }

    public string RegionMmdb { get; }

    public string CityStyleMmdb { get; }

    /// <summary>A new file in the fixture's folder with <paramref name="lines"/>.</summary>
    public string WriteFile(string name, params string[] lines)
    {
        var path = _folder.File(name);
        System.IO.File.WriteAllLines(path, lines);
        return path;
    }

    public string File(string name) => _folder.File(name);

    public void Dispose() => _folder.Dispose();
}
