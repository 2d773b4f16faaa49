using static Traceability.OpcUa.Tests.TestCancellation;
namespace Traceability.OpcUa.Tests;

public sealed class ReconnectTests : IDisposable
{
    private readonly PlcSimulator _plc = new(rate: 600);

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

        uint? first = null;
        uint last = 0;
        var notified = 0;
        async Task<DataChange> Next()
        {
            Assert.True(await changes.MoveNextAsync());
            var change = changes.Current;
            var value = (uint)change.Value.Value!;
            Assert.True(value >= last, $"counter went back from {last} to {value}");
            first ??= value;
            last = value;
            notified++;
            return change;
        }

        while (notified < 5)
        {
            await Next();
        }

        var beforeKill = last;
        _plc.Kill();
        await Task.Delay(TimeSpan.FromSeconds(1), ct);
        _plc.Restart();

        DataChange change;
        do
        {
            change = await Next();
        }
        while (!change.IsReconciliation);

        // The counter persisted across the restart and kept counting; the reconciliation carries the gap.
        Assert.True(last > beforeKill, $"reconciled {last} after {beforeKill}");
        for (var i = 0; i < 3; i++)
        {
            await Next();
        }

        await using var probe = await OpcUaClient.ConnectAsync(_plc.Options(), ct);
        var current = (uint)(await probe.ReadAsync(counter, ct))!;
        Assert.InRange(current - last, 0u, 3u);
        lock (states)
        {
            Assert.Equal([ConnectionState.Reconnecting, ConnectionState.Connected], states.Take(2));
        }

        Assert.Equal(ConnectionState.Connected, client.State);
        Assert.True(last - first!.Value + 1 >= (uint)notified, "increments by value cover every notification and the missed ones");
    }
}
