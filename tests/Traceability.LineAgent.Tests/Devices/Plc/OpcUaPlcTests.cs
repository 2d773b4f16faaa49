using Traceability.LineAgent.Devices.Plc;
using Traceability.LineAgent.Devices.Transport;
using Traceability.OpcUa;
using Traceability.Testing;

namespace Traceability.LineAgent.Tests.Devices.Plc;

/// <summary>The PLC adapter against the real node-opcua simulator (simulators/plc-opcua, shift depth 4).</summary>
public sealed class OpcUaPlcTests : IDisposable
{
    private const int ShiftDepth = 4;

    // 150 units/min: a unit leaves the 4-deep shift register 1.6 s after its trigger, so "in time" holds on a loaded CI
    // machine and only a real delay in the agent makes a verdict late.
    private readonly PlcSimulator _plc = PlcSimulator.WithRate(150);

    public void Dispose() => _plc.Dispose();

    [Fact]
    public async Task Triggers_arrive_in_order_one_per_unit()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var plc = await OpcUaPlc.ConnectAsync(_plc.PlcOptions(), cts.Token);
        Assert.Equal(DeviceConnectionState.Connected, plc.State);

        var triggers = new List<UnitTrigger>();
        await foreach (var trigger in plc.TriggersAsync(cts.Token))
        {
            triggers.Add(trigger);
            if (triggers.Count >= 11 && !trigger.Recovered)
            {
                break; // at a live unit: a notification's units are all in
            }
        }

        // Order and completeness, not timing (a benchmark measures speed; a timed assertion flakes on a loaded machine).
        Assert.Equal(Enumerable.Range((int)triggers[0].Sequence, triggers.Count).Select(n => (long)n), triggers.Select(t => t.Sequence));
        // A loaded machine may coalesce two counts into one notification: the unit before the notified value is then
        // recovered by value, with the live unit of the same notification (same time) after it. Nothing else is recovered.
        Assert.All(triggers.Where(t => t.Recovered), t => Assert.Contains(triggers, u => !u.Recovered && u.At == t.At && u.Sequence > t.Sequence));
        Assert.True(triggers.Zip(triggers.Skip(1)).All(p => p.First.At <= p.Second.At), "trigger times run backwards");
    }

    [Fact]
    public async Task Every_verdict_is_acknowledged_with_its_sequence_and_none_is_late()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var plc = await OpcUaPlc.ConnectAsync(_plc.PlcOptions(), cts.Token);
        await using var probe = await _plc.ProbeAsync();

        long first = 0;
        uint lateBefore = 0;
        await foreach (var trigger in plc.TriggersAsync(cts.Token))
        {
            first = first == 0 ? trigger.Sequence : first;
            var good = trigger.Sequence % 3 != 0;
            await plc.WriteVerdictAsync(trigger.Sequence, good, good ? null : "grade D", cts.Token);
            Assert.Equal((uint)trigger.Sequence, await probe.ReadUInt32Async("ns=1;s=Line.VerdictAck"));

            if (trigger.Sequence == first + ShiftDepth - 1)
            {
                // Units counted before we subscribed had no verdict; by now they have all left the shift register.
                lateBefore = await probe.ReadUInt32Async("ns=1;s=Line.LateRejects");
            }

            if (trigger.Sequence == first + ShiftDepth + 10)
            {
                break;
            }
        }

        // Units first … first+10 left the register during the run, each with its verdict in time.
        Assert.Equal(lateBefore, await probe.ReadUInt32Async("ns=1;s=Line.LateRejects"));
    }

    [Fact]
    public async Task A_verdict_written_after_its_unit_left_the_shift_register_is_counted_in_LateRejects()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var plc = await OpcUaPlc.ConnectAsync(_plc.PlcOptions(), cts.Token);
        await using var probe = await _plc.ProbeAsync();

        long late = 0;
        (uint Counter, uint LateRejects) before = default;
        await foreach (var trigger in plc.TriggersAsync(cts.Token))
        {
            if (late == 0)
            {
                late = trigger.Sequence; // held back: no verdict until it has left
                before = await CounterAndLateRejectsAsync(probe);
                continue;
            }

            await plc.WriteVerdictAsync(trigger.Sequence, good: true, null, cts.Token);
            if (trigger.Sequence == late + ShiftDepth + 2)
            {
                break;
            }
        }

        // The PLC still latches and acknowledges the late verdict (keyed by sequence, it does no harm) ...
        await plc.WriteVerdictAsync(late, good: true, null, cts.Token);
        Assert.Equal((uint)late, await probe.ReadUInt32Async("ns=1;s=Line.VerdictAck"));

        // ... but the unit was rejected at the gate as late. So were the units triggered before this test listened (no
        // verdict ever) that were still in the register at the snapshot: those after counter - depth (unit 1 is the
        // first), up to the late one.
        // Counted from the PLC's own snapshot, not from when the test saw a trigger: the test may lag the line.
        var unitsWithoutVerdictInside = Math.Max(0, late - Math.Max(0, (long)before.Counter - ShiftDepth));
        Assert.Equal(before.LateRejects + unitsWithoutVerdictInside, await probe.ReadUInt32Async("ns=1;s=Line.LateRejects"));
    }

    /// <summary>The unit counter and the late rejects at one step of the line (the counter read on both sides agrees).</summary>
    private static async Task<(uint Counter, uint LateRejects)> CounterAndLateRejectsAsync(OpcUaClient probe)
    {
        while (true)
        {
            var counter = await probe.ReadUInt32Async("ns=1;s=Line.UnitCounter");
            var lateRejects = await probe.ReadUInt32Async("ns=1;s=Line.LateRejects");
            if (await probe.ReadUInt32Async("ns=1;s=Line.UnitCounter") == counter)
            {
                return (counter, lateRejects);
            }
        }
    }

    [Fact]
    public async Task Line_status_reads_running_fault_speed_and_case_full()
    {
        await using var plc = await OpcUaPlc.ConnectAsync(_plc.PlcOptions(), CancellationToken.None);
        var status = await plc.ReadLineStatusAsync(CancellationToken.None);
        Assert.True(status.Running);
        Assert.False(status.Fault);
        Assert.Equal(150, status.Speed); // the simulator reports the rate it drives the line at
    }

    [Fact]
    public async Task A_node_id_the_PLC_does_not_know_fails_at_connect_naming_the_option_and_the_status()
    {
        var options = _plc.PlcOptions();
        options.VerdictAck = "ns=1;s=Line.VerdictAcknowledge";
        var error = await Assert.ThrowsAsync<OpcUaException>(() => OpcUaPlc.ConnectAsync(options, CancellationToken.None));
        Assert.StartsWith("Plc:VerdictAck ns=1;s=Line.VerdictAcknowledge: BadNodeIdUnknown", error.Message, StringComparison.Ordinal);
        Assert.Equal(0x80340000u, error.StatusCode.Code);
    }

    [Fact]
    public async Task Invalid_options_fail_before_connecting()
    {
        var options = _plc.PlcOptions();
        options.Fault = "Line.Fault";
        var error = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() => OpcUaPlc.ConnectAsync(options, CancellationToken.None));
        Assert.StartsWith("Plc:Fault \"Line.Fault\" is not a node id", Assert.Single(error.Failures), StringComparison.Ordinal);
    }
}
