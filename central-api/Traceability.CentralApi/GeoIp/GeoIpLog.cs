namespace Traceability.CentralApi.GeoIp;

internal static partial class GeoIpLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "GeoIp:Database is not set: every IP address is of unknown region.")]
    public static partial void NoDatabase(ILogger logger);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "GeoIP database {Path} opened ({Description}).")]
    public static partial void DatabaseOpened(ILogger logger, string path, string description);
}
