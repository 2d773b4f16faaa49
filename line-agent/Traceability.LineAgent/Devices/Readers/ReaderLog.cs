using Microsoft.Extensions.Logging;

namespace Traceability.LineAgent.Devices.Readers;

internal static partial class ReaderLog
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Reader {Device} connected")]
    public static partial void Connected(ILogger logger, string device);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "Reader {Device} cannot connect; retrying")]
    public static partial void ConnectFailed(ILogger logger, string device, Exception exception);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Warning, Message = "Reader {Device} disconnected; reconnecting")]
    public static partial void Disconnected(ILogger logger, string device, Exception? exception);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Warning, Message = "Reader {Device} sent a garbled frame ({Reason}): {Hex}")]
    public static partial void Garbled(ILogger logger, string device, string reason, string hex);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Debug, Message = "Reader {Device} triggered")]
    public static partial void Triggered(ILogger logger, string device);
}
