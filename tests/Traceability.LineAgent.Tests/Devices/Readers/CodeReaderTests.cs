using System.Text;
using Traceability.LineAgent.Devices.Readers;
using Traceability.LineAgent.Devices.Transport;
using Traceability.Testing;

namespace Traceability.LineAgent.Tests.Devices.Readers;

/// <summary>The driver over real links: a socat pseudo-terminal pair and a loopback TCP socket.</summary>
public sealed class CodeReaderTests
{
    public static TheoryData<string, string> FramingsAndTransports()
    {
        var data = new TheoryData<string, string>();
        foreach (var transport in new[] { "pty", "tcp" })
        {
            foreach (var framing in new[] { "cr", "lf", "crlf", "stx-etx", "prefix:0x1B5B,suffix:0x0D0A" })
            {
                data.Add(transport, framing);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(FramingsAndTransports))]
    public async Task Each_framing_yields_reads_no_reads_and_keeps_GS(string transport, string framingText)
    {
        var framing = ReaderFraming.Parse(framingText);
        await using var far = ReaderFarEnd.Create(transport);
        await using var reader = await far.StartReaderAsync(framing);
        var gs1 = "0109506000134352\u001D10ABC\u001D21XYZ";

        // One write holding three frames, then a frame split in two writes.
        await far.WriteAsync([.. framing.Encode("HELLO"u8), .. framing.Encode("NOREAD"u8), .. framing.Encode(Encoding.Latin1.GetBytes(gs1))]);
        var last = framing.Encode("LAST"u8);
        await far.WriteAsync(last[..3]);
        await Task.Delay(20);
        await far.WriteAsync(last[3..]);

        var events = await ReaderWaits.TakeAsync(reader, 4);
        Assert.Equal("HELLO", Assert.IsType<ReaderEvent.Read>(events[0]).Text);
        Assert.IsType<ReaderEvent.NoRead>(events[1]);
        Assert.Equal(gs1, Assert.IsType<ReaderEvent.Read>(events[2]).Text);
        Assert.Equal("LAST", Assert.IsType<ReaderEvent.Read>(events[3]).Text);
    }

    [Theory]
    [InlineData("pty")]
    [InlineData("tcp")]
    public async Task A_garbled_frame_is_reported_and_the_stream_continues(string transport)
    {
        await using var far = ReaderFarEnd.Create(transport);
        await using var reader = await far.StartReaderAsync(ReaderFraming.StxEtx, noRead: "NR");
        await far.WriteAsync([.. "junk"u8, 0x02, .. "A1"u8, 0x03, 0x02, .. "NR"u8, 0x03]);
        var events = await ReaderWaits.TakeAsync(reader, 3);
        var garbled = Assert.IsType<ReaderEvent.Garbled>(events[0]);
        Assert.Equal("junk"u8.ToArray(), garbled.Raw);
        Assert.Equal("A1", Assert.IsType<ReaderEvent.Read>(events[1]).Text);
        Assert.IsType<ReaderEvent.NoRead>(events[2]);
    }

    [Theory]
    [InlineData("pty")]
    [InlineData("tcp")]
    public async Task Trigger_sends_the_configured_command(string transport)
    {
        await using var far = ReaderFarEnd.Create(transport);
        await using var reader = await far.StartReaderAsync(ReaderFraming.Cr, trigger: CodeReaderOptions.Unescape("LON\\r"));
        await reader.TriggerAsync(CancellationToken.None);
        Assert.Equal("LON\r"u8.ToArray(), await far.ReadAsync(4));
    }

    [Fact]
    public async Task A_trigger_still_being_written_when_the_reader_is_disposed_fails_as_a_connection_error()
    {
        await using var far = ReaderFarEnd.Create("tcp");
        var held = new HeldWriteConnector(far.Connector);
        var reader = await far.StartReaderAsync(ReaderFraming.Cr, trigger: CodeReaderOptions.Unescape("LON\\r"), connector: held);
        held.Stream!.HoldNextWrite();
        var trigger = reader.TriggerAsync(CancellationToken.None).AsTask();
        await held.Stream.WriteHeld.WaitAsync(TimeSpan.FromSeconds(5));

        await reader.DisposeAsync();
        held.Stream.ReleaseWrite();

        var e = await Assert.ThrowsAsync<DeviceConnectionException>(() => trigger);
        Assert.Contains(far.Connector.Description, e.Message, StringComparison.Ordinal);
        await reader.DisposeAsync();
    }

    [Fact]
    public async Task A_connection_that_opens_as_the_reader_is_disposed_is_closed_by_the_dispose()
    {
        // Regression: the dispose found no stream to close, then the loop published the one just opened and read from
        // it; a stream whose read ignores cancellation (a serial port on Unix) kept that read, and the dispose, waiting.
        var connector = new GatedConnector();
        var reader = new CodeReader(connector, ReaderFraming.Cr);
        reader.Start();
        await connector.Entered.WaitAsync(TimeSpan.FromSeconds(5));

        // Up to its wait for the loop the dispose runs now: it has cancelled and found no stream to close.
        var dispose = reader.DisposeAsync().AsTask();
        connector.Open();

        await dispose.WaitAsync(TimeSpan.FromSeconds(10)); // a guard against the hang, not a timing
        Assert.True(connector.Stream.IsClosed);
        Assert.Equal(DeviceConnectionState.Disconnected, reader.State);
    }

    [Fact]
    public async Task A_connection_failing_as_the_reader_is_disposed_does_not_fail_the_dispose()
    {
        // Regression: the connect failed after the dispose had cancelled the loop, so the loop's "retry unless stopping"
        // filter let the DeviceConnectionException out, and the dispose, awaiting the loop, threw it (seen in HostStartupTests and
        // CodeReaderTests.A_reader_whose_pty_dies_is_reconnecting on a loaded machine).
        var connector = new GatedConnector();
        var reader = new CodeReader(connector, ReaderFraming.Cr);
        reader.Start();
        await connector.Entered.WaitAsync(TimeSpan.FromSeconds(5));

        var dispose = reader.DisposeAsync().AsTask();
        connector.Refuse();

        await dispose;
        Assert.Equal(DeviceConnectionState.Disconnected, reader.State);
    }

    [Fact]
    public async Task Trigger_without_a_command_is_a_configuration_error()
    {
        await using var far = ReaderFarEnd.Create("tcp");
        await using var reader = await far.StartReaderAsync(ReaderFraming.Cr);
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await reader.TriggerAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_reader_whose_pty_dies_is_reconnecting()
    {
        await using var far = ReaderFarEnd.Create("pty");
        await using var reader = await far.StartReaderAsync(ReaderFraming.CrLf);
        far.Pty!.Dispose();
        await ReaderWaits.StateAsync(reader, DeviceConnectionState.Reconnecting);
    }

    [Fact]
    public async Task A_reader_whose_tcp_peer_closes_is_reconnecting_then_connected_again()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        await using var reader = new CodeReader(StreamConnectors.Create(DeviceEndpoint.Parse($"tcp://127.0.0.1:{port}")), ReaderFraming.CrLf, reconnectInitialDelay: TimeSpan.FromMilliseconds(20));
        reader.Start();
        using (var first = await listener.AcceptTcpClientAsync())
        {
            await ReaderWaits.StateAsync(reader, DeviceConnectionState.Connected);
        }

        await ReaderWaits.StateAsync(reader, DeviceConnectionState.Reconnecting);
        using var second = await listener.AcceptTcpClientAsync().WaitAsync(TimeSpan.FromSeconds(5));
        await ReaderWaits.StateAsync(reader, DeviceConnectionState.Connected);
        await second.GetStream().WriteAsync("AGAIN\r\n"u8.ToArray());
        Assert.Equal("AGAIN", Assert.IsType<ReaderEvent.Read>(Assert.Single(await ReaderWaits.TakeAsync(reader, 1))).Text);
    }

    private sealed class HeldWriteConnector(IStreamConnector inner) : IStreamConnector
    {
        public HeldWriteStream? Stream { get; private set; }

        public string Description => inner.Description;

        public async ValueTask<Stream> ConnectAsync(CancellationToken cancellationToken)
        {
            Stream = new HeldWriteStream(await inner.ConnectAsync(cancellationToken));
            return Stream;
        }
    }

    /// <summary>Opens when the test says so, whatever its token says (SerialPort.Open does not take one).</summary>
    private sealed class GatedConnector : IStreamConnector
    {
        private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource<bool> _open = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Entered => _entered.Task;

        public DeafStream Stream { get; } = new();

        public string Description => "gated:test";

        public void Open() => _open.TrySetResult(true);

        public void Refuse() => _open.TrySetResult(false);

        public async ValueTask<Stream> ConnectAsync(CancellationToken cancellationToken)
        {
            _entered.TrySetResult();
            return await _open.Task ? Stream : throw new DeviceConnectionException($"{Description}: connection refused");
        }
    }

    /// <summary>A stream whose reads ignore cancellation and end only when it is closed.</summary>
    private sealed class DeafStream : Stream
    {
        private readonly TaskCompletionSource<int> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool IsClosed => _closed.Task.IsCompleted;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => new(_closed.Task);

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            _closed.TrySetResult(0);
            base.Dispose(disposing);
        }
    }
}
