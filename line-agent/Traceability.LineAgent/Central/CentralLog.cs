using Microsoft.Extensions.Logging;

namespace Traceability.LineAgent.Central;

internal static partial class CentralLog
{
    [LoggerMessage(EventId = 7001, Level = LogLevel.Information, Message = "Central link to {Url} for line {LineId}: connected, outbox at {Sequence}, {Pending} events to send")]
    public static partial void Connected(ILogger logger, string url, string lineId, long sequence, long pending);

    [LoggerMessage(EventId = 7002, Level = LogLevel.Warning, Message = "Central link to {Url} for line {LineId}: {State} ({Error}); retrying with backoff, {Pending} events wait in the outbox")]
    public static partial void Disconnected(ILogger logger, string url, string lineId, CentralLinkState state, string error, long pending);

    [LoggerMessage(EventId = 7003, Level = LogLevel.Error, Message = "Central refuses line {LineId} at {Url}: {Error}. Check Central:ApiKey; retrying every {Delay}")]
    public static partial void Refused(ILogger logger, string lineId, string url, string error, TimeSpan delay);

    [LoggerMessage(EventId = 7004, Level = LogLevel.Error, Message = "Central refused event {Sequence} ({EventId}) of line {LineId} at {Field}: {Reason}. It stays in the outbox; the acknowledgement watermark stops below it")]
    public static partial void EventRejected(ILogger logger, string lineId, long sequence, string eventId, string field, string reason);

    [LoggerMessage(EventId = 7005, Level = LogLevel.Debug, Message = "Central acknowledged line {LineId} up to {Sequence}")]
    public static partial void Acknowledged(ILogger logger, string lineId, long sequence);

    [LoggerMessage(EventId = 7006, Level = LogLevel.Critical, Message = "Central link of line {LineId} stopped: the line store failed")]
    public static partial void StoreFaulted(ILogger logger, string lineId, Exception exception);

    [LoggerMessage(EventId = 7007, Level = LogLevel.Information, Message = "Line {LineId}: asking central for {Count} serials of GTIN {Gtin} ({Remaining} left), request {RequestId}")]
    public static partial void RequestingSerials(ILogger logger, string lineId, int count, string gtin, long remaining, string requestId);

    [LoggerMessage(EventId = 7008, Level = LogLevel.Information, Message = "Line {LineId}: block {BlockId} of {Count} serials for GTIN {Gtin} stored (request {RequestId})")]
    public static partial void SerialsReceived(ILogger logger, string lineId, string blockId, int count, string gtin, string requestId);

    [LoggerMessage(EventId = 7009, Level = LogLevel.Warning, Message = "Line {LineId}: {Operation} failed: {Error}")]
    public static partial void CallFailed(ILogger logger, string lineId, string operation, string error);

    [LoggerMessage(EventId = 7010, Level = LogLevel.Error, Message = "Line {LineId}: central's answer to {Operation} was refused by the line: {Error}")]
    public static partial void AnswerRefused(ILogger logger, string lineId, string operation, string error);

    [LoggerMessage(EventId = 7011, Level = LogLevel.Information, Message = "Line {LineId}: work order {WorkOrderId} received from central")]
    public static partial void WorkOrderReceived(ILogger logger, string lineId, string workOrderId);

    [LoggerMessage(EventId = 7012, Level = LogLevel.Debug, Message = "Line {LineId}: heartbeat failed: {Status}: {Detail}")]
    public static partial void HeartbeatFailed(ILogger logger, string lineId, Grpc.Core.StatusCode status, string detail);
}
