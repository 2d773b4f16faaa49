using System.Net;
using System.Net.Http.Headers;

namespace Traceability.CentralApi.Alerts.Webhooks;

/// <summary>What to do after an attempt: done, give up, or try again after a delay.</summary>
internal readonly record struct AttemptVerdict(DeliveryState State, DateTimeOffset? NextAttemptAt);

/// <summary>
/// Which answers are retried, and when. 2xx: delivered. 4xx but 408 and 429: failed (the receiver refuses this request;
/// sending it again would not help). 5xx, 408, 429, timeouts and connection errors: again after an exponential backoff
/// with jitter (a Retry-After on 429 or 503 replaces it), until the last attempt, then failed.
/// </summary>
internal sealed class DeliveryRetryPolicy(DeliveryOptions options, Func<double> random)
{
    /// <summary>The verdict on an HTTP answer; <paramref name="attempts"/> counts this one.</summary>
    public AttemptVerdict AfterResponse(int statusCode, RetryConditionHeaderValue? retryAfter, int attempts, DateTimeOffset now)
    {
        if (statusCode is >= 200 and < 300)
        {
            return new AttemptVerdict(DeliveryState.Delivered, null);
        }

        var retryable = statusCode >= 500 || statusCode is (int)HttpStatusCode.RequestTimeout or (int)HttpStatusCode.TooManyRequests;
        if (!retryable)
        {
            return new AttemptVerdict(DeliveryState.Failed, null);
        }

        var asked = statusCode is (int)HttpStatusCode.TooManyRequests or (int)HttpStatusCode.ServiceUnavailable ? RetryAfter(retryAfter, now) : null;
        return Retry(attempts, now, asked);
    }

    /// <summary>The verdict after a timeout or a connection error.</summary>
    public AttemptVerdict AfterError(int attempts, DateTimeOffset now) => Retry(attempts, now, null);

    /// <summary>The backoff before attempt <paramref name="attempts"/> + 1: base × 2^(attempts − 1), at most the maximum, then between half and all of it.</summary>
    public TimeSpan Backoff(int attempts)
    {
        var exponent = Math.Min(attempts - 1, 30);
        var full = Math.Min(options.BaseDelay.TotalMilliseconds * Math.Pow(2, exponent), options.MaxDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(full / 2 + (full / 2 * random()));
    }

    private AttemptVerdict Retry(int attempts, DateTimeOffset now, TimeSpan? asked)
    {
        if (attempts >= options.MaxAttempts)
        {
            return new AttemptVerdict(DeliveryState.Failed, null);
        }

        return new AttemptVerdict(DeliveryState.Pending, now + (asked ?? Backoff(attempts)));
    }

    private TimeSpan? RetryAfter(RetryConditionHeaderValue? header, DateTimeOffset now)
    {
        var asked = header switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date - now,
            _ => (TimeSpan?)null,
        };
        if (asked is null)
        {
            return null;
        }

        return asked < TimeSpan.Zero ? TimeSpan.Zero : asked > options.MaxRetryAfter ? options.MaxRetryAfter : asked;
    }
}
