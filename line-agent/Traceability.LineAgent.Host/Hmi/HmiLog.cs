using Microsoft.Extensions.Logging;

namespace Traceability.LineAgent.Host.Hmi;

internal static partial class HmiLog
{
    [LoggerMessage(EventId = 7001, Level = LogLevel.Information, Message = "HMI: {Operator} {Action} work order {WorkOrderId}")]
    public static partial void Action(ILogger logger, string @operator, string action, string workOrderId);

    [LoggerMessage(EventId = 7002, Level = LogLevel.Warning, Message = "HMI: {Operator} was refused {Action} on {WorkOrderId}: {Why}")]
    public static partial void Refused(ILogger logger, string @operator, string action, string workOrderId, string why);

    [LoggerMessage(EventId = 7003, Level = LogLevel.Warning, Message = "HMI: live updates to a page ended with an error")]
    public static partial void EventStreamFailed(ILogger logger, Exception exception);
}
