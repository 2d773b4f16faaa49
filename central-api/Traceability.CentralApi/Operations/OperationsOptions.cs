using Microsoft.Extensions.Options;

namespace Traceability.CentralApi.Operations;

/// <summary>The brand-operations page (section <c>Operations</c>; docs/operations.md).</summary>
public sealed class OperationsOptions
{
    public const string Section = "Operations";

    /// <summary>The longest a session may be.</summary>
    public static readonly TimeSpan MaxSessionLifetime = TimeSpan.FromDays(7);

    /// <summary>How long a sign-in lasts (8 hours by default: one shift); it does not slide.</summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(8);

    /// <summary>How many of the newest alerts and violations, and of the top dealers, the page shows (20 by default, 1 to 200).</summary>
    public int ListSize { get; set; } = 20;

    /// <summary>The longest a report may be kept.</summary>
    public static readonly TimeSpan MaxReportLifetime = TimeSpan.FromDays(1);

    /// <summary>
    /// How long the page's activation rates (by region, by batch) are kept before they are counted again (5 minutes by
    /// default; 0 counts them for every view). Each count reads every unit shipped or commissioned.
    /// </summary>
    public TimeSpan ReportLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Seconds between automatic reloads of the page (<c>meta refresh</c>); 0, the default, reloads never. 10 to 3600 otherwise.</summary>
    public int RefreshSeconds { get; set; }
}

internal sealed class OperationsOptionsValidator : IValidateOptions<OperationsOptions>
{
    public ValidateOptionsResult Validate(string? name, OperationsOptions options)
    {
        var failures = new List<string>();
        if (options.SessionLifetime < TimeSpan.FromMinutes(1) || options.SessionLifetime > OperationsOptions.MaxSessionLifetime)
        {
            failures.Add($"Operations:SessionLifetime is {options.SessionLifetime}; it must be 00:01:00 to {OperationsOptions.MaxSessionLifetime}.");
        }

        if (options.ListSize is < 1 or > 200)
        {
            failures.Add($"Operations:ListSize is {options.ListSize}; it must be 1 to 200.");
        }

        if (options.ReportLifetime < TimeSpan.Zero || options.ReportLifetime > OperationsOptions.MaxReportLifetime)
        {
            failures.Add($"Operations:ReportLifetime is {options.ReportLifetime}; it must be 00:00:00 to {OperationsOptions.MaxReportLifetime}.");
        }

        if (options.RefreshSeconds != 0 && options.RefreshSeconds is < 10 or > 3600)
        {
            failures.Add($"Operations:RefreshSeconds is {options.RefreshSeconds}; it must be 0 (never) or 10 to 3600.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
