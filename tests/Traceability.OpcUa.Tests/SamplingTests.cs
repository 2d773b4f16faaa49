using Traceability.Testing;
using static Traceability.OpcUa.Tests.TestCancellation;

namespace Traceability.OpcUa.Tests;

/// <summary>A unit counter faster than the publishing interval: every step must still arrive.</summary>
public sealed class SamplingTests : IDisposable
{
    // 3,000 units per minute: a step every 20 ms, five per 100 ms publish.
    private readonly PlcSimulator _plc = PlcSimulator.WithRate(3000);

    public void Dispose() => _plc.Dispose();

    [Fact]
    public async Task Sampling_interval_zero_delivers_every_counter_step_though_several_fall_in_one_publish()
    {
        await using var client = await OpcUaClient.ConnectAsync(_plc.Options(), Ct);
        await using var subscription = await client.SubscribeAsync(
            [NodeId.Parse("ns=1;s=Line.UnitCounter")], TimeSpan.FromMilliseconds(100), samplingInterval: TimeSpan.Zero, Ct);
        var values = new List<uint>();
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        cts.CancelAfter(TimeSpan.FromSeconds(30));
        await foreach (var change in subscription.WithCancellation(cts.Token))
        {
            values.Add((uint)change.Value.Value!);
            if (values.Count == 40)
            {
                break;
            }
        }

        // Sampled at the publishing interval the counter would step by ~5 per notification.
        Assert.Equal(Enumerable.Range(0, 40).Select(i => values[0] + (uint)i), values);
    }

    [Fact]
    public async Task A_negative_sampling_interval_is_refused()
    {
        await using var client = await OpcUaClient.ConnectAsync(_plc.Options(), Ct);
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => client.SubscribeAsync(
            [NodeId.Parse("ns=1;s=Line.UnitCounter")], TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(-1), Ct));
    }
}
