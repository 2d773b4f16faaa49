using Microsoft.Extensions.Logging;

namespace Traceability.LineAgent.Devices.Plc;

internal static partial class PlcLog
{
    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "PLC {Endpoint} connected; {Nodes} nodes checked")]
    public static partial void Connected(ILogger logger, string endpoint, int nodes);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Warning, Message = "PLC {Endpoint} is {State}")]
    public static partial void StateChanged(ILogger logger, string endpoint, Traceability.LineAgent.Devices.Transport.DeviceConnectionState state);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Warning, Message = "PLC unit counter jumped from {Last} to {Value}; units {First} to {Value} recovered by value")]
    public static partial void Recovered(ILogger logger, long last, long value, long first);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Error, Message = "PLC unit counter went back from {Last} to {Value}: the PLC was reset; counting from {Value}")]
    public static partial void CounterWentBack(ILogger logger, long last, long value);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Error, Message = "PLC verdict for unit {Sequence} was latched incompletely ({Statuses}); latched a reject instead")]
    public static partial void IncompleteVerdict(ILogger logger, long sequence, string statuses);
}
