using Microsoft.Extensions.Options;

namespace Traceability.LineAgent.Host.Hmi;

/// <summary>Checks <see cref="HmiOptions"/> at start-up: a missing or weak PIN fails when the agent starts.</summary>
public sealed class HmiOptionsValidator : IValidateOptions<HmiOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, HmiOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (!EngineerPin.TryParse(options.EngineerPin, out _, out var pinProblem))
        {
            failures.Add($"{HmiOptions.SectionName}:{nameof(HmiOptions.EngineerPin)}: {pinProblem}");
        }

        if (options.RefreshInterval < TimeSpan.FromMilliseconds(100) || options.RefreshInterval > TimeSpan.FromSeconds(30))
        {
            failures.Add($"{HmiOptions.SectionName}:{nameof(HmiOptions.RefreshInterval)} {options.RefreshInterval} must be between 100 ms and 30 s.");
        }

        if (options.MinRefreshInterval < TimeSpan.Zero || options.MinRefreshInterval > options.RefreshInterval)
        {
            failures.Add($"{HmiOptions.SectionName}:{nameof(HmiOptions.MinRefreshInterval)} {options.MinRefreshInterval} must be between 0 and {nameof(HmiOptions.RefreshInterval)} ({options.RefreshInterval}).");
        }

        if (string.IsNullOrWhiteSpace(options.DefaultOperatorId))
        {
            failures.Add($"{HmiOptions.SectionName}:{nameof(HmiOptions.DefaultOperatorId)} is blank.");
        }

        if (options.ReprintQueueLimit is < 1 or > 1000)
        {
            failures.Add($"{HmiOptions.SectionName}:{nameof(HmiOptions.ReprintQueueLimit)} {options.ReprintQueueLimit} must be between 1 and 1000.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
