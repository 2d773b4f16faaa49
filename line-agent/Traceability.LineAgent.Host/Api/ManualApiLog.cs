namespace Traceability.LineAgent.Host.Api;

internal static partial class ManualApiLog
{
    [LoggerMessage(EventId = 7101, Level = LogLevel.Warning, Message = "Manual work: {Operator} was refused {Action} on {Subject}: {Why}")]
    public static partial void Refused(ILogger logger, string @operator, string action, string subject, string why);
}
