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
            stream = new HeldWriteStream(await TestTransport.OpenAsync(uri, ct)), Ct);
        Assert.NotNull(stream);

        stream.HoldNextWrite();
        var read = client.ReadAsync(NodeId.Parse("ns=1;s=Test.Int32"), Ct);
        await stream.WriteHeld.WaitAsync(TimeSpan.FromSeconds(10));

        await client.DisposeAsync();
        stream.ReleaseWrite();

        var e = await Assert.ThrowsAsync<OpcUaException>(() => read);
        Assert.Equal(0x80AE0000u, e.StatusCode.Code);
        Assert.Contains(new Uri(plc.Endpoint).Authority, e.Message, StringComparison.Ordinal);
        Assert.StartsWith("Read ns=1;s=Test.Int32: Sending to ", e.Message, StringComparison.Ordinal);
        Assert.EndsWith("): BadConnectionClosed (0x80AE0000)", e.Message, StringComparison.Ordinal);
        Assert.Equal(e.Message.IndexOf("BadConnectionClosed", StringComparison.Ordinal), e.Message.LastIndexOf("BadConnectionClosed", StringComparison.Ordinal)); // once
    }

    [Fact]
    public async Task Disposing_the_client_while_it_reconnects_throws_nothing()
    {
        // Regression: the supervisor disposed the lost session, then the client's dispose disposed it again and its
        // Stop.CancelAsync threw ObjectDisposedException (a PLC restart followed by the agent stopping).
        var transport = new FirstConnectionOnly();
        await using var client = await OpcUaClient.ConnectAsync(plc.Options(), null, null, transport.ConnectAsync, Ct);

        await transport.First!.DisposeAsync();
        await transport.Reconnecting.WaitAsync(TimeSpan.FromSeconds(10));

        await client.DisposeAsync();
        Assert.Equal(ConnectionState.Disconnected, client.State);
    }

    [Fact]
    public async Task A_read_waiting_for_the_reconnect_when_the_client_is_disposed_fails_with_a_named_status()
    {
        // Regression: the read ended with TaskCanceledException though its own token was never cancelled.
        var transport = new FirstConnectionOnly();
        await using var client = await OpcUaClient.ConnectAsync(plc.Options(), null, null, transport.ConnectAsync, Ct);
        await transport.First!.DisposeAsync();
        await transport.Reconnecting.WaitAsync(TimeSpan.FromSeconds(10));
        var read = client.ReadAsync(NodeId.Parse("ns=1;s=Test.Int32"), Ct);

        await client.DisposeAsync();

        var e = await Assert.ThrowsAsync<OpcUaException>(() => read);
        Assert.Equal(0x80AE0000u, e.StatusCode.Code);
        Assert.Contains("ns=1;s=Test.Int32", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_reconnect_that_completes_as_the_client_is_disposed_leaves_no_session_open()
    {
        // Regression: the dispose took the lost session while the reconnect was finishing, then the reconnect published
        // its new session: the dispose returned with that session's socket and keep-alive loop still running.
        var streams = new List<Stream>();
        var logger = new HoldingLogger(reconnectedEventId: 6);
        await using var client = await OpcUaClient.ConnectAsync(plc.Options(), null, logger, async (uri, ct) =>
        {
            var stream = await TestTransport.OpenAsync(uri, ct);
            lock (streams)
            {
                streams.Add(stream);
            }

            return stream;
        }, Ct);

        await streams[0].DisposeAsync();
        await logger.Held.WaitAsync(TimeSpan.FromSeconds(10));

        // The new session is open and about to be published: the dispose starts now and waits for the reconnect.
        var dispose = client.DisposeAsync().AsTask();
        logger.Release();
        await dispose;

        Assert.Equal(2, streams.Count);
        Assert.False(streams[1].CanRead, "the session the reconnect opened is still open after the dispose");
        Assert.Equal(ConnectionState.Disconnected, client.State);
    }

    /// <summary>Blocks the thread that logs <c>reconnectedEventId</c> until <see cref="Release"/>.</summary>
    private sealed class HoldingLogger(int reconnectedEventId) : Microsoft.Extensions.Logging.ILogger
    {
        private readonly TaskCompletionSource _held = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Held => _held.Task;

        public void Release() => _release.TrySetResult();

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => true;

        public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (eventId.Id == reconnectedEventId && _held.TrySetResult())
            {
                // The supervisor's own thread: blocking it holds the reconnect exactly between its last response and publishing.
                _release.Task.Wait(TimeSpan.FromSeconds(30));
            }
        }
    }
}
