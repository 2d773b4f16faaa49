namespace Traceability.LineAgent.Devices.Transport;

/// <summary>
/// Exponential reconnect delays with a ceiling and ±20 % jitter (so a line's devices do not reconnect in lock-step after
/// a switch reboots). Time comes from a <see cref="TimeProvider"/>, so tests run it with a fake clock.
/// </summary>
public sealed class ReconnectBackoff(TimeSpan initial, TimeSpan maximum, TimeProvider timeProvider)
{
    private int _attempt;

    /// <summary>The delay before the next attempt, without waiting.</summary>
    public TimeSpan NextDelay()
    {
        var exponent = Math.Min(_attempt++, 30);
        var delay = Math.Min(initial.TotalMilliseconds * Math.Pow(2, exponent), maximum.TotalMilliseconds);
        var jitter = 1 + ((Random.Shared.NextDouble() - 0.5) * 0.4);
        return TimeSpan.FromMilliseconds(Math.Min(delay * jitter, maximum.TotalMilliseconds));
    }

    /// <summary>Waits the next delay.</summary>
    public Task WaitAsync(CancellationToken cancellationToken) => Task.Delay(NextDelay(), timeProvider, cancellationToken);

    /// <summary>Starts again from the initial delay (after a successful connection).</summary>
    public void Reset() => _attempt = 0;
}
