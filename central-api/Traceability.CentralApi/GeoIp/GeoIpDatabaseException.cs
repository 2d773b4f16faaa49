namespace Traceability.CentralApi.GeoIp;

/// <summary>A GeoIP database cannot be used: missing, of unknown format, or with an invalid line (the message says which).</summary>
public sealed class GeoIpDatabaseException : Exception
{
    public GeoIpDatabaseException()
    {
    }

    public GeoIpDatabaseException(string message)
        : base(message)
    {
    }

    public GeoIpDatabaseException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
