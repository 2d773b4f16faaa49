using System.Globalization;
using System.Net;
using BenchmarkDotNet.Attributes;
using Traceability.CentralApi.GeoIp;
using Traceability.Core.Regions;
using Traceability.Testing;

namespace Traceability.Benchmarks;

/// <summary>
/// IP → region lookups over a region-level database of 4,096 province networks (/16) with 4 city networks (/20) inside
/// each, IPv4 and IPv6, as CSV (longest-prefix tables) and as .mmdb (MaxMind reader). Addresses are seeded random, about
/// half of them in no network. One operation is one lookup.
/// </summary>
public class GeoIpLookupBenchmarks
{
    private const int Lookups = 1024;
    private readonly TempDirectory _folder = new();
    private IpRegionResolver? _resolver;
    private IPAddress[] _addresses = [];

    [Params("Csv", "Mmdb")]
    public string Format { get; set; } = "Csv";

    [GlobalSetup]
    public void Setup()
    {
        var provinces = ChinaDivisions.Provinces;
        var networks = new List<(string Network, string Region)>();
        for (var i = 0; i < 4096; i++)
        {
            var province = provinces[i % provinces.Count].Code;
            var (a, b) = (1 + (i / 256 * 2), i % 256);
            networks.Add(($"{a}.{b}.0.0/16", province.Value));
            networks.Add(($"2400:{i:x4}::/32", province.Value));
            for (var c = 0; c < 4; c++)
            {
                var city = RegionCode.Parse($"CN-{province.Value[3..5]}{c + 1:D2}00").Value;
                networks.Add(($"{a}.{b}.{c * 16}.0/20", city));
                networks.Add(($"2400:{i:x4}:{c:x4}::/48", city));
            }
        }

        string path;
        if (Format == "Csv")
        {
            path = _folder.File("regions.csv");
            File.WriteAllLines(path, networks.Select(n => $"{n.Network},{n.Region}"));
        }
        else
        {
            path = _folder.File("regions.mmdb");
            MaxMindDbWriter.Write(path, networks.Select(n => (n.Network, $$"""{"region":"{{n.Region}}"}""")));
        }

        _resolver = IpRegionResolver.Open(path);
        var random = new Random(7);
        _addresses = Enumerable.Range(0, Lookups).Select(i => i % 2 == 0
            ? new IPAddress([(byte)random.Next(1, 64), (byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256)])
            : IPAddress.Parse(string.Create(CultureInfo.InvariantCulture, $"2400:{random.Next(0, 8192):x4}:{random.Next(0, 8):x4}::{random.Next(1, 65535):x}"))).ToArray();
    }

    [Benchmark(OperationsPerInvoke = Lookups)]
    public int Lookup()
    {
        var found = 0;
        foreach (var address in _addresses)
        {
            if (_resolver!.Resolve(address) is not null)
            {
                found++;
            }
        }

        return found;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _resolver?.Dispose();
        _folder.Dispose();
    }
}
