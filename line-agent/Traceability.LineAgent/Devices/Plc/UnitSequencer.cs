namespace Traceability.LineAgent.Devices.Plc;

/// <summary>
/// Turns unit counter values into one trigger per counted unit. Notifications are lost in an outage and a slow
/// publishing interval may coalesce several counts into one, so units are derived from the value (last+1 … value),
/// never by counting notifications; a value seen again (reconciliation read and first notification) produces nothing.
/// </summary>
internal sealed class UnitSequencer
{
    private long? _last;

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
            return [];
        }

        if (value <= last)
        {
            wentBack = value < last;
            if (wentBack)
            {
                _last = value;
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
        return triggers;
    }
}
