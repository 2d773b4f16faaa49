using Traceability.Testing;
using static Traceability.OpcUa.Tests.TestCancellation;
namespace Traceability.OpcUa.Tests;

public sealed class ReconnectTests : IDisposable
{
    private readonly PlcSimulator _plc = PlcSimulator.WithRate(600);

    public void Dispose() => _plc.Dispose();

    [Fact]
    public async Task Server_restart_mid_subscription_reconnects_and_the_counter_is_reconciled_by_value()
    {
        var ct = Ct;
        var counter = NodeId.Parse("ns=1;s=Line.UnitCounter");
        await using var client = await OpcUaClient.ConnectAsync(_plc.Options(), ct);
        var states = new List<ConnectionState>();
        client.StateChanged += (_, s) =>
        {
            lock (states)
            {
                states.Add(s);
            }
        };
        await using var subscription = await client.SubscribeAsync([counter], TimeSpan.FromMilliseconds(50), ct);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(TimeSpan.FromSeconds(60));
        await using var changes = subscription.GetAsyncEnumerator(cts.Token);

        uint last = 0;
        var notified = 0;
        var restarted = false;
        async Task<DataChange> Next()
        {
            Assert.True(await changes.MoveNextAsync());
            var change = changes.Current;
            var value = (uint)change.Value.Value!;
            // Before the kill the counter only rises. Across the kill a PLC restarted from retained memory may come back
            // one count behind what it published last (seen once in CI: 8, then 7 after the restart); the agent's unit
            // sequencer treats such a lower value as stale (UnitSequencerTests), so here it only must not go further back.
            Assert.True(restarted ? value + 1 >= last : value >= last, $"counter went back from {last} to {value}");
            last = Math.Max(last, value);
            notified++;
            return change;
        }

        while (notified < 5)
        {
            await Next();
        }

        var beforeKill = last;
        restarted = true;
        _plc.Kill();
        await Task.Delay(TimeSpan.FromSeconds(1), ct);
        _plc.Restart();

        DataChange change;
        do
        {
            change = await Next();
        }
        while (!change.IsReconciliation);

        // The counter persisted across the restart; the reconciliation carries its value, so the gap is known by value.
        // Units are counted by value, never by notifications: the reconciliation and the new monitored item's first
        // notification may carry the same value (an earlier version of this test counted notifications and flaked).
        Assert.True(last >= beforeKill, $"reconciled {last} after {beforeKill}");
        for (var i = 0; i < 3; i++)
        {
            await Next();
        }

        await using var probe = await OpcUaClient.ConnectAsync(_plc.Options(), ct);
        var current = (uint)(await probe.ReadAsync(counter, ct))!;
        // Not a timing assertion: the line keeps counting while the probe connects, so only order is certain.
        Assert.True(current >= last, $"the server reads {current}, the client last saw {last}");
        lock (states)
        {
            Assert.Equal([ConnectionState.Reconnecting, ConnectionState.Connected], states.Take(2));
        }

        Assert.Equal(ConnectionState.Connected, client.State);
    }
}
