using Traceability.LineAgent.Devices.Plc;

namespace Traceability.LineAgent.Tests.Devices.Plc;

public sealed class UnitSequencerTests
{
    private static readonly DateTimeOffset At = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    private static long[] Sequences(IEnumerable<UnitTrigger> triggers) => [.. triggers.Select(t => t.Sequence)];

    [Fact]
    public void The_first_value_is_the_baseline_and_produces_no_unit()
    {
        Assert.Empty(new UnitSequencer().Observe(41, At, false, out _));
    }

    [Fact]
    public void Each_step_of_the_counter_is_one_live_unit()
    {
        var sequencer = new UnitSequencer();
        sequencer.Observe(41, At, false, out _);
        var trigger = Assert.Single(sequencer.Observe(42, At, false, out _));
        Assert.Equal(new UnitTrigger(42, At, Recovered: false), trigger);
    }

    [Fact]
    public void A_reconciliation_after_a_reconnect_recovers_every_missed_unit_by_value()
    {
        var sequencer = new UnitSequencer();
        sequencer.Observe(10, At, false, out _);
        var triggers = sequencer.Observe(14, At, true, out _);
        Assert.Equal([11, 12, 13, 14], Sequences(triggers));
        Assert.All(triggers, t => Assert.True(t.Recovered));
    }

    [Fact]
    public void A_coalesced_notification_recovers_the_units_before_it_and_the_notified_one_is_live()
    {
        var sequencer = new UnitSequencer();
        sequencer.Observe(10, At, false, out _);
        var triggers = sequencer.Observe(12, At, false, out _);
        Assert.Equal([true, false], triggers.Select(t => t.Recovered));
    }

    [Fact]
    public void A_value_seen_again_produces_nothing()
    {
        // The reconciliation read and the new monitored item's first notification may carry the same value.
        var sequencer = new UnitSequencer();
        sequencer.Observe(10, At, false, out _);
        sequencer.Observe(12, At, true, out _);
        Assert.Empty(sequencer.Observe(12, At, false, out var wentBack));
        Assert.False(wentBack);
        Assert.Equal([13], Sequences(sequencer.Observe(13, At, false, out _)));
    }

    [Fact]
    public void A_counter_that_goes_back_is_reported_and_counting_restarts_from_it()
    {
        var sequencer = new UnitSequencer();
        sequencer.Observe(100, At, false, out _);
        Assert.Empty(sequencer.Observe(3, At.AddSeconds(1), false, out var wentBack));
        Assert.True(wentBack);
        Assert.Equal([4], Sequences(sequencer.Observe(4, At.AddSeconds(2), false, out _)));
    }

    // Regression (CI, PLC restart test): after a reconnect the reconciliation read saw 14 and then the new monitored
    // item's first sample, taken earlier, brought 13; read as a reset it made the next count 14 a second time.
    [Fact]
    public void A_lower_value_taken_before_the_last_one_is_stale_not_a_reset()
    {
        var sequencer = new UnitSequencer();
        sequencer.Observe(10, At, false, out _);
        Assert.Equal([11, 12, 13, 14], Sequences(sequencer.Observe(14, At.AddSeconds(4), true, out _)));

        Assert.Empty(sequencer.Observe(13, At.AddSeconds(3), false, out var wentBack));
        Assert.False(wentBack);
        Assert.Equal([15], Sequences(sequencer.Observe(15, At.AddSeconds(5), false, out _)));
    }
}
