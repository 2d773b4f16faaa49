using Microsoft.Extensions.Logging;

namespace Traceability.Simulators.Readers;

internal static partial class SimulatorLog
{
    [LoggerMessage(EventId = 9001, Level = LogLevel.Information, Message = "Simulated reader listening on 127.0.0.1:{Port}")]
    public static partial void Listening(ILogger logger, int port);

    [LoggerMessage(EventId = 9002, Level = LogLevel.Debug, Message = "Simulated reader inspection: {Outcome} {Text}")]
    public static partial void Inspected(ILogger logger, InspectionOutcome outcome, string? text);

    [LoggerMessage(EventId = 9003, Level = LogLevel.Information, Message = "Simulated reader dropped a client")]
    public static partial void ClientDropped(ILogger logger, Exception exception);
}
