using Microsoft.Extensions.Options;

namespace Traceability.CentralApi.RateLimiting;

/// <summary>Request limits (section <c>RateLimiting</c>).</summary>
public sealed class RateLimitingOptions
{
    public const string Section = "RateLimiting";

    /// <summary>The limit on anonymous public endpoints, per client IP address (<see cref="CentralRateLimits.Public"/>).</summary>
    public FixedWindowLimit Public { get; set; } = new();
}

/// <summary>A fixed window: at most <see cref="PermitLimit"/> requests per <see cref="Window"/>, <see cref="QueueLimit"/> more wait.</summary>
public sealed class FixedWindowLimit
{
    /// <summary>Requests allowed per window and client (default 300).</summary>
    public int PermitLimit { get; set; } = 300;

    /// <summary>The window's length (default one minute).</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Requests over the limit that wait for the next window instead of being refused (default 0).</summary>
    public int QueueLimit { get; set; }
}

internal sealed class RateLimitingOptionsValidator : IValidateOptions<RateLimitingOptions>
{
    public ValidateOptionsResult Validate(string? name, RateLimitingOptions options)
    {
        var failures = new List<string>();
        var limit = options.Public;
        if (limit is null)
        {
            return ValidateOptionsResult.Fail("RateLimiting:Public is missing.");
        }

        if (limit.PermitLimit < 1)
        {
            failures.Add($"RateLimiting:Public:PermitLimit is {limit.PermitLimit}; it must be at least 1.");
        }

        if (limit.Window <= TimeSpan.Zero || limit.Window > TimeSpan.FromDays(1))
        {
            failures.Add($"RateLimiting:Public:Window is {limit.Window}; it must be longer than zero and at most a day.");
        }

        if (limit.QueueLimit < 0)
        {
            failures.Add($"RateLimiting:Public:QueueLimit is {limit.QueueLimit}; it cannot be negative.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
