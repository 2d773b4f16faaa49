namespace Traceability.CentralApi.Operations;

internal static partial class OperationsLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Operations page: {Name} signed in; the session lasts until {ExpiresAt}")]
    public static partial void SignedIn(ILogger logger, string name, DateTimeOffset expiresAt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Operations page: sign-in refused ({Reason})")]
    public static partial void SignInRefused(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Operations page: {Name} signed out")]
    public static partial void SignedOut(ILogger logger, string name);

    [LoggerMessage(Level = LogLevel.Information, Message = "Operations page: alert {AlertId} acknowledged by {Name}")]
    public static partial void Acknowledged(ILogger logger, Guid alertId, string name);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Operations page: a form was refused: {Reason}")]
    public static partial void FormRefused(ILogger logger, string reason);
}
