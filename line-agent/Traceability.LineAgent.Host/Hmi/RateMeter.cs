namespace Traceability.LineAgent.Host.Hmi;

/// <summary>Units per minute over the last minute, from samples of a growing count.</summary>
public sealed class RateMeter
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    private readonly TimeProvider _time;
    private readonly Queue<(DateTimeOffset At, long Count)> _samples = new();
    private readonly Lock _lock = new();
    private string? _key;

    /// <summary>Measures with <paramref name="time"/>'s clock.</summary>
    public RateMeter(TimeProvider time) => _time = time;

    /// <summary>
    /// Records <paramref name="count"/> for <paramref name="key"/> (a work order: another key starts afresh) and
    /// returns the rate over the samples of the last minute, scaled to one minute.
    /// </summary>
    public double Sample(string? key, long count)
    {
        var now = _time.GetUtcNow();
        lock (_lock)
        {
            if (_key != key || (_samples.Count > 0 && count < _samples.Last().Count))
            {
                _samples.Clear();
                _key = key;
            }

            _samples.Enqueue((now, count));
            while (_samples.Count > 1 && now - _samples.Peek().At > Window)
            {
                _samples.Dequeue();
            }

            var (oldestAt, oldestCount) = _samples.Peek();
            var elapsed = now - oldestAt;
            return elapsed <= TimeSpan.Zero ? 0 : (count - oldestCount) / elapsed.TotalMinutes;
        }
    }
}
