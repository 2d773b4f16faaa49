using System.Net;
using MaxMind.Db;
using Traceability.Core.Regions;

namespace Traceability.CentralApi.GeoIp;

/// <summary>
/// A MaxMind DB file. A record's region is, in this order: a top-level <c>region</c> string holding a region code (our
/// own region-level databases: "CN-440300" for Shenzhen); else GeoIP2-City style, <c>country.iso_code</c> with
/// <c>subdivisions[0].iso_code</c> (CN + GD → CN-GD, which is CN-440000); else <c>country.iso_code</c> alone. A record
/// with none of these, or with codes that are not region codes, is of unknown region.
/// </summary>
internal sealed class MaxMindIpRegionDatabase : IpRegionDatabase
{
    private readonly Reader _reader;

    private MaxMindIpRegionDatabase(Reader reader) => _reader = reader;

    public override string Description => $"MaxMind {_reader.Metadata.DatabaseType}";

    public static MaxMindIpRegionDatabase OpenFile(string path)
    {
        try
        {
            // Read into memory: region-level databases are small, and no file mapping outlives a failed start.
            return new MaxMindIpRegionDatabase(new Reader(path, FileAccessMode.Memory));
        }
        catch (InvalidDatabaseException e)
        {
            throw new GeoIpDatabaseException($"'{path}' is not a valid MaxMind database: {e.Message}", e);
        }
        catch (IOException e)
        {
            throw new GeoIpDatabaseException($"'{path}' cannot be read: {e.Message}", e);
        }
    }

    public override RegionCode? Find(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        Dictionary<string, object>? record;
        try
        {
            record = _reader.Find<Dictionary<string, object>>(address);
        }
        catch (ArgumentException)
        {
            // An IPv6 address asked of an IPv4-only database.
            return null;
        }

        return record is null ? null : RegionOf(record);
    }

    /// <summary>The region a record names (see the class summary), or null.</summary>
    internal static RegionCode? RegionOf(IReadOnlyDictionary<string, object> record)
    {
        if (record.TryGetValue("region", out var regionValue))
        {
            return regionValue is string text && RegionCode.TryParse(text, out var code) ? code : null;
        }

        if (!record.TryGetValue("country", out var countryValue) || countryValue is not IReadOnlyDictionary<string, object> country
            || !country.TryGetValue("iso_code", out var countryIso) || countryIso is not string countryCode)
        {
            return null;
        }

        if (record.TryGetValue("subdivisions", out var subdivisionsValue) && subdivisionsValue is IReadOnlyList<object> { Count: > 0 } subdivisions
            && subdivisions[0] is IReadOnlyDictionary<string, object> first
            && first.TryGetValue("iso_code", out var subdivisionIso) && subdivisionIso is string subdivisionCode
            && RegionCode.TryParse($"{countryCode}-{subdivisionCode}", out var subdivision))
        {
            return subdivision;
        }

        return RegionCode.TryParse(countryCode, out var countryRegion) && countryRegion.Kind == RegionKind.Country ? countryRegion : null;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _reader.Dispose();
        }

        base.Dispose(disposing);
    }
}
