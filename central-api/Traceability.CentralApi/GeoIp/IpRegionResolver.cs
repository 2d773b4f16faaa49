using System.Net;
using Microsoft.Extensions.Options;
using Traceability.Core.Regions;

namespace Traceability.CentralApi.GeoIp;

/// <summary>
/// Places IP addresses (IPv4 and IPv6) in sales regions from the database <c>GeoIp:Database</c> names: province- or
/// city-level, whichever the database holds. Without a database every address is of unknown region. Thread-safe.
/// </summary>
public sealed class IpRegionResolver : IDisposable
{
    private readonly IpRegionDatabase? _database;

    /// <summary>Opens the configured database (already checked at start-up by the options validator).</summary>
    public IpRegionResolver(IOptions<GeoIpOptions> options, ILogger<IpRegionResolver> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        if (string.IsNullOrWhiteSpace(options.Value.Database))
        {
            GeoIpLog.NoDatabase(logger);
            return;
        }

        _database = IpRegionDatabase.Open(options.Value.Database);
        GeoIpLog.DatabaseOpened(logger, options.Value.Database, _database.Description);
    }

    private IpRegionResolver(IpRegionDatabase database) => _database = database;

    /// <summary>True when a database is configured.</summary>
    public bool HasDatabase => _database is not null;

    /// <summary>A resolver over the database file <paramref name="path"/> (tests, tools).</summary>
    /// <exception cref="GeoIpDatabaseException">The file cannot be used.</exception>
    public static IpRegionResolver Open(string path) => new(IpRegionDatabase.Open(path));

    /// <summary>The region of <paramref name="address"/>, or null when it is unknown.</summary>
    public RegionCode? Resolve(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return _database?.Find(address);
    }

    public void Dispose() => _database?.Dispose();
}
