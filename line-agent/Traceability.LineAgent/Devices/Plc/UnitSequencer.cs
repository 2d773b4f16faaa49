namespace Traceability.LineAgent.Devices.Plc;

/// <summary>
/// Turns unit counter values into one trigger per counted unit. Notifications are lost in an outage and a slow
/// publishing interval may coalesce several counts into one, so units are derived from the value (last+1 … value),
/// never by counting notifications; a value seen again (reconciliation read and first notification) produces nothing,
/// and so does a lower value taken before the last one (a notification queued before a newer reconciliation read).
/// </summary>
internal sealed class UnitSequencer
{
    private long? _last;
    private DateTimeOffset _lastAt;

    /// <summary>The last counter value seen, or null before the first.</summary>
    public long? Last => _last;

    /// <summary>The units a counter value implies.</summary>
    /// <param name="value">The counter value.</param>
    /// <param name="at">When the PLC took it.</param>
    /// <param name="isReconciliation">The value was read after a reconnect, not notified.</param>
    /// <param name="wentBack">Set when the counter went back (the PLC was reset): no units, and counting restarts from the value.</param>
    public IReadOnlyList<UnitTrigger> Observe(long value, DateTimeOffset at, bool isReconciliation, out bool wentBack)
    {
        wentBack = false;
        if (_last is not { } last)
        {
            // The first value is the baseline: that unit was counted before we subscribed, and may be long gone.
            _last = value;
            _lastAt = at;
            return [];
        }

        if (value <= last)
        {
            // Only a lower value the PLC took after the last one is a reset. One taken before it is stale: after a
            // reconnect the new monitored item's first sample can arrive after the reconciliation read of a newer count,
            // and treating it as a reset counted the next unit twice.
            wentBack = value < last && at > _lastAt;
            if (wentBack)
            {
                _last = value;
                _lastAt = at;
            }

            return [];
        }

        var triggers = new UnitTrigger[value - last];
        for (var n = last + 1; n <= value; n++)
        {
            // Only the notified value itself was seen live; everything before it in a jump was recovered by value.
            triggers[n - last - 1] = new UnitTrigger(n, at, Recovered: isReconciliation || n < value);
        }

        _last = value;
        _lastAt = at;
        return triggers;
    }
}
