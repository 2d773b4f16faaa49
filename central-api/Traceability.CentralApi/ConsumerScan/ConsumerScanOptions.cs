using Microsoft.Extensions.Options;

namespace Traceability.CentralApi.ConsumerScan;

/// <summary>The rules that make a consumer scan suspicious (section <c>ConsumerScan</c>; docs/consumer-scan.md).</summary>
public sealed class ConsumerScanOptions
{
    public const string Section = "ConsumerScan";

    /// <summary>More scans of one unit on one UTC day than this is suspicious (default 20).</summary>
    public int MaxScansPerDay { get; set; } = 20;

    /// <summary>More scans of one unit in all than this is suspicious (default 200).</summary>
    public int MaxScansTotal { get; set; } = 200;

    /// <summary>
    /// Two scans placed in regions neither of which contains the other (e.g. two provinces) less than this apart are
    /// impossible travel (default 2 hours; zero turns the rule off).
    /// </summary>
    public TimeSpan MinimumTravelTime { get; set; } = TimeSpan.FromHours(2);

    /// <summary>
    /// Take the client address from the last <c>X-Forwarded-For</c> entry (the one the trusted proxy in front of central
    /// added) instead of the connection's address. Off by default: a client can write any X-Forwarded-For it likes.
    /// </summary>
    public bool TrustForwardedFor { get; set; }
}

internal sealed class ConsumerScanOptionsValidator : IValidateOptions<ConsumerScanOptions>
{
    public ValidateOptionsResult Validate(string? name, ConsumerScanOptions options)
    {
        var failures = new List<string>();
        if (options.MaxScansPerDay < 1)
        {
            failures.Add($"ConsumerScan:MaxScansPerDay is {options.MaxScansPerDay}; it must be at least 1.");
        }

        if (options.MaxScansTotal < options.MaxScansPerDay)
        {
            failures.Add($"ConsumerScan:MaxScansTotal is {options.MaxScansTotal}; it must be at least MaxScansPerDay ({options.MaxScansPerDay}).");
        }

        if (options.MinimumTravelTime < TimeSpan.Zero || options.MinimumTravelTime > TimeSpan.FromDays(7))
        {
            failures.Add($"ConsumerScan:MinimumTravelTime is {options.MinimumTravelTime}; it must be 00:00:00 to 7.00:00:00.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
