namespace Traceability.CentralApi.Channel;

internal static partial class ChannelLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Dealer {DealerId} recorded: level {Level}, parent {ParentId}")]
    public static partial void DealerCreated(ILogger logger, string dealerId, int level, string parentId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Channel {Step} {StepId} by {DealerId}: {UnitCount} unit(s), EPCIS event {EventId}")]
    public static partial void StepRecorded(ILogger logger, string step, Guid stepId, string dealerId, int unitCount, string eventId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Channel {Step} by {DealerId} refused ({Outcome}): {UnitCount} unit(s) named")]
    public static partial void StepRefused(ILogger logger, string step, string dealerId, Storage.ChannelStepOutcome outcome, int unitCount);
}

