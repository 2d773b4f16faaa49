namespace Traceability.CentralApi.Epcis;

internal static partial class EpcisLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "EPCIS capture {CaptureId}: {Stored} event(s) stored, {Duplicates} duplicate(s)")]
    public static partial void Captured(ILogger logger, Guid captureId, int stored, int duplicates);

    [LoggerMessage(Level = LogLevel.Warning, Message = "EPCIS capture refused: {ErrorCount} schema or content error(s), first at {Pointer}")]
    public static partial void CaptureInvalid(ILogger logger, int errorCount, string pointer);

    [LoggerMessage(Level = LogLevel.Warning, Message = "EPCIS capture refused: eventIDs reused for other content: {Keys}")]
    public static partial void CaptureConflict(ILogger logger, string keys);
}
