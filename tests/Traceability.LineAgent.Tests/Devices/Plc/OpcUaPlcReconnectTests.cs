using Traceability.LineAgent.Devices.Plc;
using Traceability.LineAgent.Devices.Transport;
using Traceability.Testing;

namespace Traceability.LineAgent.Tests.Devices.Plc;

public sealed class OpcUaPlcReconnectTests : IDisposable
{
    private readonly PlcSimulator _plc = PlcSimulator.WithRate(600);

    public void Dispose() => _plc.Dispose();

    [Fact]
    public async Task A_PLC_restart_mid_stream_recovers_the_missed_units_by_value_none_skipped_none_doubled()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var plc = await OpcUaPlc.ConnectAsync(_plc.PlcOptions(), cts.Token);
        var states = new List<DeviceConnectionState>();
        plc.StateChanged += (_, s) =>
        {
            lock (states)
            {
                states.Add(s);
            }
        };

        var triggers = new List<UnitTrigger>();
        long? target = null;
        await foreach (var trigger in plc.TriggersAsync(cts.Token))
        {
            triggers.Add(trigger);
            if (triggers.Count == 5)
            {
                // The counter is persisted across the restart (plc-state.json); units counted while we are away are
                // known only by value.
                _plc.Kill();
                await Task.Delay(TimeSpan.FromSeconds(1), cts.Token);
                _plc.Restart();
            }

            if (trigger.Recovered && target is null)
            {
                target = trigger.Sequence + 10;
            }

            if (trigger.Sequence == target)
            {
                break;
            }
        }

        var sequences = triggers.Select(t => t.Sequence).ToArray();
        Assert.Equal(Enumerable.Range((int)sequences[0], sequences.Length).Select(n => (long)n), sequences);
        Assert.Contains(triggers, t => t.Recovered);
        lock (states)
        {
            Assert.Equal([DeviceConnectionState.Reconnecting, DeviceConnectionState.Connected], states.Take(2));
        }
    }
}
