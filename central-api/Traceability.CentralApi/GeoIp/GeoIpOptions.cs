using Microsoft.Extensions.Options;

namespace Traceability.CentralApi.GeoIp;

/// <summary>Where IP addresses are placed in regions (section <c>GeoIp</c>).</summary>
public sealed class GeoIpOptions
{
    public const string Section = "GeoIp";

    /// <summary>
    /// A MaxMind <c>.mmdb</c> file or a CSV file of <c>network,region</c> lines (CIDR, region code); relative to the content
    /// root. Unset: no database, every address is of unknown region.
    /// </summary>
    public string? Database { get; set; }
}

/// <summary>Checks at start-up that the database opens: the file exists, its format is known, every CSV line is valid.</summary>
internal sealed class GeoIpOptionsValidator : IValidateOptions<GeoIpOptions>
{
    public ValidateOptionsResult Validate(string? name, GeoIpOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.Database))
        {
            return ValidateOptionsResult.Success;
        }

        try
        {
            using var database = IpRegionDatabase.Open(options.Database);
            return ValidateOptionsResult.Success;
        }
        catch (GeoIpDatabaseException e)
        {
            return ValidateOptionsResult.Fail($"GeoIp:Database: {e.Message}");
        }
    }
}
