using Microsoft.Extensions.Logging;

namespace Traceability.LineAgent.Manual;

internal static partial class ManualWorkLog
{
    [LoggerMessage(EventId = 6001, Level = LogLevel.Information, Message = "Manual {Action} of {Subject} by {OperatorId}: {Reason}")]
    public static partial void Done(ILogger logger, string action, string subject, string operatorId, string reason);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Error, Message = "{Kind} {Unit} is recorded but its label was not printed")]
    public static partial void PrintFailed(ILogger logger, string kind, string unit, Exception exception);
}
