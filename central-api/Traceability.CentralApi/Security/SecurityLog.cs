namespace Traceability.CentralApi.Security;

internal static partial class SecurityLog
{
    [LoggerMessage(Level = LogLevel.Warning, Message =
        "No API keys are configured (Auth:ApiKeys): every protected endpoint (LineSync, /metrics, /api/...) refuses every request until keys are configured")]
    public static partial void NoApiKeys(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Count} API key(s) configured")]
    public static partial void ApiKeysConfigured(ILogger logger, int count);
}

/// <summary>Says at start-up whether central can be called at all.</summary>
internal sealed class ApiKeyStartupCheck(ApiKeyRing keys, ILogger<ApiKeyStartupCheck> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (keys.Count == 0)
        {
            SecurityLog.NoApiKeys(logger);
        }
        else
        {
            SecurityLog.ApiKeysConfigured(logger, keys.Count);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
