using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Traceability.Core.Regions;

namespace Traceability.CentralApi.GeoIp;

/// <summary>
/// A CSV of <c>network,region</c> lines: a CIDR network (IPv4 or IPv6, no host bits set) and a region code. Blank lines
/// and lines starting with '#' are skipped, and the first line may be the header <c>network,region</c>. Networks may
/// overlap: the longest prefix that contains an address wins (a city inside its province); the same network twice is an
/// error.
/// </summary>
internal sealed class CsvIpRegionDatabase : IpRegionDatabase
{
    // One table per prefix length present, longest first: a lookup masks the address once per length and probes.
    private readonly (int PrefixLength, Dictionary<UInt128, RegionCode> Networks)[] _byLength;
    private readonly int _count;

    private CsvIpRegionDatabase((int, Dictionary<UInt128, RegionCode>)[] byLength, int count)
    {
        _byLength = byLength;
        _count = count;
    }

    public override string Description => string.Create(CultureInfo.InvariantCulture, $"CSV, {_count} networks");

    public static CsvIpRegionDatabase Load(string path)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (IOException e)
        {
            throw new GeoIpDatabaseException($"'{path}' cannot be read: {e.Message}", e);
        }

        return Parse(lines, path);
    }

    /// <param name="lines">The file's lines.</param>
    /// <param name="source">The file, for messages.</param>
    public static CsvIpRegionDatabase Parse(IReadOnlyList<string> lines, string source)
    {
        var tables = new Dictionary<int, Dictionary<UInt128, RegionCode>>();
        var firstLine = new Dictionary<(int, UInt128), int>();
        var count = 0;
        var sawContent = false;
        for (var i = 0; i < lines.Count; i++)
        {
            var number = i + 1;
            var line = lines[i].Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            if (!sawContent && line.Replace(" ", "", StringComparison.Ordinal).Equals("network,region", StringComparison.OrdinalIgnoreCase))
            {
                sawContent = true;
                continue;
            }

            sawContent = true;
            var fields = line.Split(',');
            if (fields.Length != 2)
            {
                throw LineError(source, number, $"expected 2 fields (network,region), found {fields.Length}.");
            }

            var (key, prefixLength) = ParseNetwork(fields[0].Trim(), source, number);
            var regionText = fields[1].Trim();
            if (!RegionCode.TryParse(regionText, out var region, out var reason))
            {
                throw LineError(source, number, $"region: {reason}");
            }

            if (!firstLine.TryAdd((prefixLength, key), number))
            {
                throw LineError(source, number, $"network {fields[0].Trim()} is listed already on line {firstLine[(prefixLength, key)]}.");
            }

            if (!tables.TryGetValue(prefixLength, out var table))
            {
                tables[prefixLength] = table = [];
            }

            table[key] = region;
            count++;
        }

        if (count == 0)
        {
            throw new GeoIpDatabaseException($"'{source}' lists no networks (expected lines of network,region).");
        }

        var byLength = tables.OrderByDescending(t => t.Key).Select(t => (t.Key, t.Value)).ToArray();
        return new CsvIpRegionDatabase(byLength, count);
    }

    public override RegionCode? Find(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var key = IpKey.Of(address);
        foreach (var (prefixLength, networks) in _byLength)
        {
            if (networks.TryGetValue(IpKey.Mask(key, prefixLength), out var region))
            {
                return region;
            }
        }

        return null;
    }

    private static (UInt128 Key, int PrefixLength) ParseNetwork(string text, string source, int number)
    {
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0)
        {
            throw LineError(source, number, $"network '{text}' has no prefix length; write it in CIDR form, e.g. 113.87.0.0/16.");
        }

        if (!IPAddress.TryParse(text.AsSpan(0, slash), out var address) || text.AsSpan(0, slash).Contains('%'))
        {
            throw LineError(source, number, $"network '{text}': '{text[..slash]}' is not an IPv4 or IPv6 address.");
        }

        var ipv4 = address.AddressFamily == AddressFamily.InterNetwork;
        var maximum = ipv4 ? 32 : 128;
        if (!int.TryParse(text.AsSpan(slash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var prefix) || prefix > maximum)
        {
            throw LineError(source, number, $"network '{text}': prefix length '{text[(slash + 1)..]}' is not a number from 0 to {maximum}.");
        }

        var length = ipv4 ? prefix + IpKey.MappedIpv4Offset : prefix;
        var key = IpKey.Of(address);
        if (IpKey.Mask(key, length) != key)
        {
            throw LineError(source, number, $"network '{text}' has host bits set after /{prefix}; did you mean {new IPNetwork(address, prefix)}?");
        }

        return (key, length);
    }

    private static GeoIpDatabaseException LineError(string source, int number, string message) =>
        new(string.Create(CultureInfo.InvariantCulture, $"'{source}' line {number}: {message}"));
}
