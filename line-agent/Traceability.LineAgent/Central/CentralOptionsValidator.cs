using Microsoft.Extensions.Options;

namespace Traceability.LineAgent.Central;

/// <summary>Checks <see cref="CentralOptions"/> at start-up: a wrong URL fails when the agent starts, not mid-shift.</summary>
public sealed class CentralOptionsValidator : IValidateOptions<CentralOptions>
{
    // Central refuses larger blocks (LineSyncService.MaxBlockSize).
    private const int MaxBlockSize = 100_000;

    /// <inheritdoc/>
    public ValidateOptionsResult Validate(string? name, CentralOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        const string Section = CentralOptions.SectionName;
        var failures = new List<string>();
        if (!Uri.TryCreate(options.Url, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            failures.Add($"{Section}:Url \"{options.Url}\" is not an http(s) URL of central's gRPC endpoint, e.g. http://central:5081");
        }

        if (string.IsNullOrWhiteSpace(options.ApiKey))
        {
            failures.Add($"{Section}:ApiKey is empty: central refuses a line without its key");
        }

        if (options.BatchSize is < 1 or > 10_000)
        {
            failures.Add($"{Section}:BatchSize {options.BatchSize} is not between 1 and 10000");
        }

        Positive(options.HeartbeatInterval, nameof(options.HeartbeatInterval), failures);
        Positive(options.WorkOrderPollInterval, nameof(options.WorkOrderPollInterval), failures);
        Positive(options.PoolCheckInterval, nameof(options.PoolCheckInterval), failures);
        Positive(options.ReconnectInitialDelay, nameof(options.ReconnectInitialDelay), failures);
        Positive(options.CallTimeout, nameof(options.CallTimeout), failures);
        if (options.ReconnectMaxDelay < options.ReconnectInitialDelay)
        {
            failures.Add($"{Section}:ReconnectMaxDelay {options.ReconnectMaxDelay} is below ReconnectInitialDelay {options.ReconnectInitialDelay}");
        }

        if (options.PoolBlockSize is < 1 or > MaxBlockSize)
        {
            failures.Add($"{Section}:PoolBlockSize {options.PoolBlockSize} is not between 1 and {MaxBlockSize} (central's limit)");
        }

        if (options.PoolLowWaterMark < 0)
        {
            failures.Add($"{Section}:PoolLowWaterMark {options.PoolLowWaterMark} is negative");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Positive(TimeSpan value, string name, List<string> failures)
    {
        if (value <= TimeSpan.Zero)
        {
            failures.Add($"{CentralOptions.SectionName}:{name} {value} must be positive");
        }
    }
}
