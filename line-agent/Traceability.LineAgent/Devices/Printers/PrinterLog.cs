using Microsoft.Extensions.Logging;

namespace Traceability.LineAgent.Devices.Printers;

internal static partial class PrinterLog
{
    [LoggerMessage(1, LogLevel.Information, "Printer {Printer}: connected")]
    public static partial void Connected(ILogger logger, string printer);

    [LoggerMessage(2, LogLevel.Warning, "Printer {Printer}: connection attempt {Attempt} failed")]
    public static partial void ConnectFailed(ILogger logger, string printer, int attempt, Exception exception);

    [LoggerMessage(3, LogLevel.Warning, "Printer {Printer}: connection lost; reconnecting")]
    public static partial void ConnectionLost(ILogger logger, string printer);

    [LoggerMessage(4, LogLevel.Information, "Printer {Printer}: job {JobId} sent ({Bytes} bytes, reprint {Reprint})")]
    public static partial void JobSent(ILogger logger, string printer, string jobId, int bytes, bool reprint);

    [LoggerMessage(5, LogLevel.Error, "Printer {Printer}: job {JobId} failed part-way; it may or may not have printed")]
    public static partial void JobOutcomeUnknown(ILogger logger, string printer, string jobId, Exception exception);

    [LoggerMessage(6, LogLevel.Warning, "Printer {Printer}: job {JobId} refused: {Conditions}")]
    public static partial void NotReady(ILogger logger, string printer, string jobId, string conditions);

    [LoggerMessage(7, LogLevel.Warning, "Printer {Printer}: duplicate job {JobId} refused")]
    public static partial void Duplicate(ILogger logger, string printer, string jobId);
}
