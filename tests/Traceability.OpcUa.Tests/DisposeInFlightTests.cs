using System.Net.Sockets;
using Traceability.Testing;
using static Traceability.OpcUa.Tests.TestCancellation;
namespace Traceability.OpcUa.Tests;

/// <summary>
/// Disposing the client while a request is still being written ends that request with an <see cref="OpcUaException"/>,
/// and the dispose itself throws nothing. CI once saw the client's dispose throw <see cref="ObjectDisposedException"/>
/// from the channel's disposed send lock.
/// </summary>
public sealed class DisposeInFlightTests(PlcSimulator plc) : IClassFixture<PlcSimulator>
{
    [Fact]
    public async Task A_request_still_being_written_when_the_client_is_disposed_fails_with_a_named_status()
    {
        HeldWriteStream? stream = null;
        await using var client = await OpcUaClient.ConnectAsync(plc.Options(), null, null, async (uri, ct) =>
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            await socket.ConnectAsync(uri.Host, uri.Port, ct);
            stream = new HeldWriteStream(new NetworkStream(socket, ownsSocket: true));
            return stream;
        }, Ct);
        Assert.NotNull(stream);

        stream.HoldNextWrite();
        var read = client.ReadAsync(NodeId.Parse("ns=1;s=Test.Int32"), Ct);
        await stream.WriteHeld.WaitAsync(TimeSpan.FromSeconds(10));

        await client.DisposeAsync();
        stream.ReleaseWrite();

        var e = await Assert.ThrowsAsync<OpcUaException>(() => read);
        Assert.Equal(0x80AE0000u, e.StatusCode.Code);
        Assert.Contains(new Uri(plc.Endpoint).Authority, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Disposing_the_client_while_it_reconnects_throws_nothing()
    {
        // Regression: the supervisor disposed the lost session, then the client's dispose disposed it again and its
        // Stop.CancelAsync threw ObjectDisposedException (a PLC restart followed by the agent stopping).
        var connects = 0;
        Stream? first = null;
        var reconnecting = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var client = await OpcUaClient.ConnectAsync(plc.Options(), null, null, async (uri, ct) =>
        {
            if (Interlocked.Increment(ref connects) > 1)
            {
                // The lost session is disposed and no new one exists until this connect returns: hold it there.
                reconnecting.TrySetResult();
                await Task.Delay(Timeout.Infinite, ct);
            }

            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            await socket.ConnectAsync(uri.Host, uri.Port, ct);
            first = new NetworkStream(socket, ownsSocket: true);
            return first;
        }, Ct);

        await first!.DisposeAsync();
        await reconnecting.Task.WaitAsync(TimeSpan.FromSeconds(10));

        await client.DisposeAsync();
        Assert.Equal(ConnectionState.Disconnected, client.State);
    }
}
