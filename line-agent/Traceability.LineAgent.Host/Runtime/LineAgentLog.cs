namespace Traceability.LineAgent.Host.Runtime;

internal static partial class LineAgentLog
{
    [LoggerMessage(1, LogLevel.Information, "Line agent {LineId} starting")]
    public static partial void Starting(ILogger logger, string lineId);

    [LoggerMessage(2, LogLevel.Warning, "PLC {Endpoint} unreachable, retrying: {Reason}")]
    public static partial void PlcUnreachable(ILogger logger, string endpoint, string reason);

    [LoggerMessage(3, LogLevel.Information, "PLC {Endpoint} connected")]
    public static partial void PlcConnected(ILogger logger, string endpoint);

    [LoggerMessage(4, LogLevel.Information, "Work order {WorkOrderId} resumed")]
    public static partial void Resumed(ILogger logger, string workOrderId);

    [LoggerMessage(5, LogLevel.Information, "Line agent {LineId} stopped: outbox {Durable} durable, {Acknowledged} acknowledged by central")]
    public static partial void Stopped(ILogger logger, string lineId, long durable, long acknowledged);

    [LoggerMessage(6, LogLevel.Information, "Line agent {LineId} stopping: waiting for the link to central to end")]
    public static partial void WaitingForLink(ILogger logger, string lineId);
}
