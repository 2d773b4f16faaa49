using Microsoft.Extensions.Logging;

namespace Traceability.Simulators.Printers;

internal static partial class SimulatorLog
{
    [LoggerMessage(1, LogLevel.Information, "Simulated printer listening on {Endpoint}")]
    public static partial void Listening(ILogger logger, string endpoint);

    [LoggerMessage(2, LogLevel.Information, "Simulated printer printed label {Sequence} ({Bytes} PNG bytes)")]
    public static partial void Printed(ILogger logger, int sequence, int bytes);

    [LoggerMessage(3, LogLevel.Information, "Simulated printer holds a format: {Conditions}")]
    public static partial void Held(ILogger logger, string conditions);

    [LoggerMessage(4, LogLevel.Warning, "Simulated printer rejected a format: {Message}")]
    public static partial void Rejected(ILogger logger, string message);

    [LoggerMessage(5, LogLevel.Information, "Simulated printer session on {Source} ended")]
    public static partial void SessionEnded(ILogger logger, string source, Exception? exception);
}
