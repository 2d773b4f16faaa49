using System.Collections.Concurrent;
using Traceability.Testing;
using static Traceability.OpcUa.Tests.TestCancellation;
namespace Traceability.OpcUa.Tests;

/// <summary>A connection that drops while a subscription is being made does not lose the subscription.</summary>
public sealed class SubscribeReconnectTests : IDisposable
{
    private readonly PlcSimulator _plc = PlcSimulator.WithRate(600);

    public void Dispose() => _plc.Dispose();

    [Fact]
    public async Task A_subscription_whose_connection_drops_while_it_is_made_is_made_on_the_reconnected_session()
    {
        var streams = new ConcurrentQueue<HeldWriteStream>();
        await using var client = await OpcUaClient.ConnectAsync(_plc.Options(), null, null, async (uri, ct) =>
        {
            var stream = new HeldWriteStream(await TestTransport.OpenAsync(uri, ct));
            streams.Enqueue(stream);
            return stream;
        }, Ct);
        var first = Assert.Single(streams);

        // The subscription's first request (or a keep-alive ahead of it) is on its way out when the connection drops.
        first.HoldNextWrite();
        var subscribing = client.SubscribeAsync([NodeId.Parse("ns=1;s=Line.UnitCounter")], TimeSpan.FromMilliseconds(50), Ct);
        await first.WriteHeld.WaitAsync(TimeSpan.FromSeconds(10));
        await first.DisposeAsync();
        first.ReleaseWrite();

        await using var subscription = await subscribing;
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var changes = subscription.GetAsyncEnumerator(cts.Token);
        Assert.True(await changes.MoveNextAsync());
        Assert.IsType<uint>(changes.Current.Value.Value);
        Assert.Equal(2, streams.Count);
    }
}
