using Microsoft.Extensions.Logging;

namespace Traceability.LineAgent.Storage;

internal static partial class StoreLog
{
    [LoggerMessage(EventId = 6001, Level = LogLevel.Information, Message = "Line store {Path} opened for line {LineId}: outbox at {Sequence}, {Pending} events not acknowledged")]
    public static partial void Opened(ILogger logger, string path, string lineId, long sequence, long pending);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Trace, Message = "Group of {Changes} changes durable ({Reruns} reruns) in {Milliseconds} ms")]
    public static partial void GroupCommitted(ILogger logger, int changes, int reruns, double milliseconds);

    [LoggerMessage(EventId = 6003, Level = LogLevel.Debug, Message = "A change failed ({Type}: {Reason}); rolled back, {Others} others of its group run again")]
    public static partial void ChangeFailed(ILogger logger, string type, string reason, int others);

    [LoggerMessage(EventId = 6004, Level = LogLevel.Critical, Message = "Line store could not {Step}; it is faulted and accepts no more changes")]
    public static partial void Faulted(ILogger logger, string step, Exception exception);

    [LoggerMessage(EventId = 6005, Level = LogLevel.Error, Message = "Rollback after a failed commit failed too")]
    public static partial void RollbackFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 6006, Level = LogLevel.Information, Message = "Line store {Path} closed")]
    public static partial void Closed(ILogger logger, string path);

    [LoggerMessage(EventId = 6007, Level = LogLevel.Error, Message = "Work order {WorkOrderId}: stored counts {Stored} differ from the units' states {Counted}; closing with the counted ones")]
    public static partial void CountsDrifted(ILogger logger, string workOrderId, string stored, string counted);

    [LoggerMessage(EventId = 6008, Level = LogLevel.Information, Message = "Line store: {Count} serials taken by the previous run before their units' next change were bound from its take records")]
    public static partial void TakesMaterialized(ILogger logger, int count);
}
