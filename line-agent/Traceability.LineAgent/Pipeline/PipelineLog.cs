using Microsoft.Extensions.Logging;

namespace Traceability.LineAgent.Pipeline;

internal static partial class PipelineLog
{
    [LoggerMessage(EventId = 7001, Level = LogLevel.Information, Message = "Pipeline started for work order {WorkOrderId}: {Issued} of {Quantity} issued, {Recovered} units left without a verdict by the last run rejected, {Unpacked} verified units it left unpacked queued for packing")]
    public static partial void Started(ILogger logger, string workOrderId, long issued, long quantity, int recovered, int unpacked);

    [LoggerMessage(EventId = 7002, Level = LogLevel.Debug, Message = "Unit {Sequence} {Serial}: {Verdict} {Reason}")]
    public static partial void Verdict(ILogger logger, long sequence, string serial, string verdict, string? reason);

    [LoggerMessage(EventId = 7003, Level = LogLevel.Warning, Message = "Misread: \"{Text}\" matches no label on its way; no verdict changed")]
    public static partial void Misread(ILogger logger, string text);

    [LoggerMessage(EventId = 7004, Level = LogLevel.Information, Message = "Read of {Content}, whose unit already has its verdict (duplicate or after its window)")]
    public static partial void AlreadyDecided(ILogger logger, string content);

    [LoggerMessage(EventId = 7005, Level = LogLevel.Warning, Message = "Unit {Sequence} rejected without a serial: {Reason}")]
    public static partial void RejectedWithoutSerial(ILogger logger, long sequence, string reason);

    [LoggerMessage(EventId = 7006, Level = LogLevel.Warning, Message = "Unit {Sequence}: verdict reached the PLC late or not at all; the PLC rejected it ({Detail})")]
    public static partial void LateVerdict(ILogger logger, long sequence, string detail, Exception? exception);

    [LoggerMessage(EventId = 7007, Level = LogLevel.Error, Message = "Printer {Printer} not ready: {Conditions}; the line rejects units until it is")]
    public static partial void PrinterFault(ILogger logger, string printer, string conditions, Exception? exception);

    [LoggerMessage(EventId = 7008, Level = LogLevel.Information, Message = "Printer {Printer} ready again; the pipeline runs")]
    public static partial void PrinterReady(ILogger logger, string printer);

    [LoggerMessage(EventId = 7009, Level = LogLevel.Information, Message = "{Kind} {Sscc} closed with {Count} children, label verified")]
    public static partial void ContainerClosed(ILogger logger, string kind, string sscc, int count);

    [LoggerMessage(EventId = 7010, Level = LogLevel.Warning, Message = "{Kind} {Sscc}: label not read in time (attempt {Attempt} of {Attempts}); printing it again")]
    public static partial void ContainerLabelNotRead(ILogger logger, string kind, string sscc, int attempt, int attempts);

    [LoggerMessage(EventId = 7011, Level = LogLevel.Critical, Message = "Pipeline faulted: {Reason}")]
    public static partial void Faulted(ILogger logger, string reason, Exception? exception);

    [LoggerMessage(EventId = 7012, Level = LogLevel.Warning, Message = "Print of unit {Serial} ended with an unknown outcome; its read decides")]
    public static partial void PrintOutcomeUnknown(ILogger logger, string serial, Exception exception);

    [LoggerMessage(EventId = 7013, Level = LogLevel.Information, Message = "Work order {WorkOrderId} closed: {Counts}")]
    public static partial void WorkOrderClosed(ILogger logger, string workOrderId, Storage.Reconciliation counts);

    [LoggerMessage(EventId = 7014, Level = LogLevel.Warning, Message = "Reader reported {Kind}")]
    public static partial void ReaderNoise(ILogger logger, string kind);

    [LoggerMessage(EventId = 7015, Level = LogLevel.Information, Message = "Warmed up: {Labels} unit labels rendered and matched, in {Milliseconds:F1} ms")]
    public static partial void WarmedUp(ILogger logger, int labels, double milliseconds);
}
