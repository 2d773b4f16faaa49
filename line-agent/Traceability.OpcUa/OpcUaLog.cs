using Microsoft.Extensions.Logging;

namespace Traceability.OpcUa;

internal static partial class OpcUaLog
{
    [LoggerMessage(1, LogLevel.Warning, "OPC UA connection to {Endpoint} lost: {Reason}")]
    public static partial void ChannelLost(ILogger logger, string endpoint, string reason);

    [LoggerMessage(2, LogLevel.Debug, "OPC UA secure channel to {Endpoint} renewed, token {TokenId}")]
    public static partial void TokenRenewed(ILogger logger, string endpoint, uint tokenId);

    [LoggerMessage(3, LogLevel.Information, "OPC UA client {Endpoint}: {State}")]
    public static partial void StateChanged(ILogger logger, string endpoint, ConnectionState state);

    [LoggerMessage(4, LogLevel.Warning, "OPC UA reconnect to {Endpoint} failed, next try in {DelayMs} ms: {Reason}")]
    public static partial void ReconnectFailed(ILogger logger, string endpoint, double delayMs, string reason);

    [LoggerMessage(5, LogLevel.Warning, "OPC UA publish on {Endpoint} failed: {Reason}")]
    public static partial void PublishFailed(ILogger logger, string endpoint, string reason);

    [LoggerMessage(6, LogLevel.Information, "OPC UA client {Endpoint}: new session, {Subscriptions} subscriptions recreated and reconciled")]
    public static partial void Reconnected(ILogger logger, string endpoint, int subscriptions);
}
