using System.Net.Http.Headers;
using Traceability.CentralApi.Alerts;
using Traceability.CentralApi.Alerts.Webhooks;

namespace Traceability.CentralApi.Tests.Alerts;

public sealed class DeliveryRetryPolicyTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 2, 0, 0, TimeSpan.Zero);
    private static readonly DeliveryOptions Options = new() { BaseDelay = TimeSpan.FromSeconds(10), MaxDelay = TimeSpan.FromMinutes(1), MaxAttempts = 5 };

    [Theory]
    [InlineData(200, DeliveryState.Delivered)]
    [InlineData(204, DeliveryState.Delivered)]
    [InlineData(400, DeliveryState.Failed)]
    [InlineData(401, DeliveryState.Failed)]
    [InlineData(404, DeliveryState.Failed)]
    [InlineData(410, DeliveryState.Failed)]
    [InlineData(302, DeliveryState.Failed)]
    [InlineData(408, DeliveryState.Pending)]
    [InlineData(429, DeliveryState.Pending)]
    [InlineData(500, DeliveryState.Pending)]
    [InlineData(503, DeliveryState.Pending)]
    public void Answers_are_delivered_failed_or_retried(int status, DeliveryState expected)
    {
        var verdict = new DeliveryRetryPolicy(Options, () => 0.5).AfterResponse(status, null, 1, Now);

        Assert.Equal(expected, verdict.State);
        Assert.Equal(expected == DeliveryState.Pending, verdict.NextAttemptAt.HasValue);
    }

    [Fact]
    public void Backoff_doubles_with_jitter_up_to_the_maximum_and_the_last_attempt_fails()
    {
        var low = new DeliveryRetryPolicy(Options, () => 0);
        var high = new DeliveryRetryPolicy(Options, () => 1);

        Assert.Equal([5, 10, 20, 30, 30], Enumerable.Range(1, 5).Select(n => low.Backoff(n).TotalSeconds));
        Assert.Equal([10, 20, 40, 60, 60], Enumerable.Range(1, 5).Select(n => high.Backoff(n).TotalSeconds));
        Assert.Equal(Now.AddSeconds(20), high.AfterError(2, Now).NextAttemptAt);
        Assert.Equal(new AttemptVerdict(DeliveryState.Failed, null), high.AfterError(5, Now));
        Assert.Equal(new AttemptVerdict(DeliveryState.Failed, null), high.AfterResponse(503, null, 5, Now));
    }

    [Fact]
    public void Retry_After_replaces_the_backoff_in_seconds_or_as_a_date_and_is_bounded()
    {
        var policy = new DeliveryRetryPolicy(Options, () => 1);

        Assert.Equal(Now.AddSeconds(120), policy.AfterResponse(429, new RetryConditionHeaderValue(TimeSpan.FromSeconds(120)), 1, Now).NextAttemptAt);
        Assert.Equal(Now.AddMinutes(3), policy.AfterResponse(503, new RetryConditionHeaderValue(Now.AddMinutes(3)), 1, Now).NextAttemptAt);
        Assert.Equal(Now + Options.MaxRetryAfter, policy.AfterResponse(429, new RetryConditionHeaderValue(TimeSpan.FromDays(30)), 1, Now).NextAttemptAt);
        Assert.Equal(Now.AddSeconds(10), policy.AfterResponse(500, new RetryConditionHeaderValue(TimeSpan.FromSeconds(120)), 1, Now).NextAttemptAt);
    }
}
