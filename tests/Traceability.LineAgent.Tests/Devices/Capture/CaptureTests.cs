using System.Net;
using System.Net.Sockets;
using System.Text;
using Traceability.LineAgent.Devices.Capture;
using Traceability.LineAgent.Devices.Readers;
using Traceability.LineAgent.Devices.Transport;
using Traceability.LineAgent.Tests.Devices.Readers;
using Traceability.Testing;

namespace Traceability.LineAgent.Tests.Devices.Capture;

public sealed class CaptureTests
{
    private static readonly byte[] Wire = [.. "0109506000134352\u001D21A\r\n"u8, .. "NOREAD\r\n"u8, 0x00, 0xFF, 0x80, .. "\r\n"u8];

    [Fact]
    public async Task Disposing_a_recording_twice_is_harmless()
    {
        // Regression: the second dispose flushed the capture writer the first one had closed (ObjectDisposedException);
        // a stream's dispose may be called more than once (a driver closing it, then a using).
        using var dir = new TempDirectory();
        var path = dir.File("device.capture");
        var recording = new RecordingStream(new MemoryStream(), new StreamWriter(path), "test");
        await recording.WriteAsync("LON\r"u8.ToArray());

        recording.Dispose();
        await recording.DisposeAsync();

        Assert.Equal("LON\r"u8.ToArray(), CaptureFile.Load(path).Bytes(CaptureDirection.Write));
    }

    [Fact]
    public async Task A_capture_of_a_tcp_session_replays_byte_for_byte()
    {
        using var dir = new TempDirectory();
        var path = dir.File("reader.capture");
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var connector = StreamConnectors.Create(DeviceEndpoint.Parse($"tcp://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}"));

        await using (var recording = new RecordingStream(await connector.ConnectAsync(CancellationToken.None), new StreamWriter(path), connector.Description))
        {
            using var device = await listener.AcceptTcpClientAsync();
            await recording.WriteAsync("LON\r"u8.ToArray());
            var trigger = new byte[4];
            await device.GetStream().ReadExactlyAsync(trigger);
            foreach (var chunk in Wire.Chunk(7))
            {
                await device.GetStream().WriteAsync(chunk);
            }

            var received = new byte[Wire.Length];
            await recording.ReadExactlyAsync(received).AsTask().WaitAsync(TimeSpan.FromSeconds(5));
            Assert.Equal(Wire, received);
        }

        var capture = CaptureFile.Load(path);
        Assert.Equal(connector.Description, capture.Device);
        Assert.Equal(Wire, capture.Bytes(CaptureDirection.Read));
        Assert.Equal("LON\r"u8.ToArray(), capture.Bytes(CaptureDirection.Write));
        Assert.Equal(CaptureDirection.Write, capture.Records[0].Direction);

        await using var replay = await new ReplayConnector(capture, double.PositiveInfinity, ReplayWrites.Verify).ConnectAsync(CancellationToken.None);
        await replay.WriteAsync("LON\r"u8.ToArray());
        using var copy = new MemoryStream();
        await replay.CopyToAsync(copy);
        Assert.Equal(Wire, copy.ToArray());
    }

    [Fact]
    public void The_capture_format_is_text_lines_with_a_header_and_base64_records()
    {
        using var text = new StringWriter();
        var started = DateTimeOffset.Parse("2025-03-01T08:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
        text.WriteLine(CaptureFile.HeaderLine("serial:/dev/ttyUSB0?baud=9600", started));
        text.WriteLine(CaptureFile.RecordLine(0, CaptureDirection.Write, "LON\r"u8));
        text.WriteLine(CaptureFile.RecordLine(15234, CaptureDirection.Read, "AB\r\n"u8));
        Assert.Equal(
            "# traceability-capture v1 started=2025-03-01T08:00:00.0000000+00:00 device=serial:/dev/ttyUSB0?baud=9600\n+0 W TE9ODQ==\n+15234 R QUINCg==\n",
            text.ToString());
        var capture = CaptureFile.Parse(new StringReader(text.ToString()));
        Assert.Equal(("serial:/dev/ttyUSB0?baud=9600", started, 2), (capture.Device, capture.Started, capture.Records.Count));
    }

    [Theory]
    [InlineData("hello\n", "line 1: not a capture file")]
    [InlineData("# traceability-capture v1 started=2025-03-01T08:00:00Z device=x\n+10 R QQ==\n+5 R QQ==\n", "line 3: time +5 goes back")]
    [InlineData("# traceability-capture v1 started=2025-03-01T08:00:00Z device=x\n+10 X QQ==\n", "line 2: expected")]
    [InlineData("# traceability-capture v1 started=2025-03-01T08:00:00Z device=x\n+10 R !!\n", "line 2: the data is not base64")]
    public void A_bad_capture_names_the_line(string text, string reason)
    {
        var e = Assert.Throws<FormatException>(() => CaptureFile.Parse(new StringReader(text), "bad.capture"));
        Assert.Contains(reason, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Accelerated_replay_through_the_driver_keeps_order_content_and_timing()
    {
        // 20 reads 200 ms apart (3.8 s of line time) replayed 20x faster: about 190 ms, far below real time.
        var records = Enumerable.Range(0, 20)
            .Select(i => new CaptureRecord(i * 200_000L, CaptureDirection.Read, Encoding.Latin1.GetBytes(i % 5 == 4 ? "NOREAD\r\n" : $"01095060001343{i:00}\u001D21S{i}\r\n")))
            .ToList();
        var capture = new CaptureFile("tcp://198.51.100.7:51236", DateTimeOffset.UnixEpoch, records);
        var started = DateTime.UtcNow;
        await using var reader = new CodeReader(new ReplayConnector(capture, speed: 20, endOfStreamAtEnd: false), ReaderFraming.CrLf);
        reader.Start();
        var events = await ReaderWaits.TakeAsync(reader, 20);
        var elapsed = DateTime.UtcNow - started;

        for (var i = 0; i < 20; i++)
        {
            if (i % 5 == 4)
            {
                Assert.IsType<ReaderEvent.NoRead>(events[i]);
            }
            else
            {
                Assert.Equal($"01095060001343{i:00}\u001D21S{i}", Assert.IsType<ReaderEvent.Read>(events[i]).Text);
            }
        }

        Assert.InRange(elapsed, TimeSpan.FromMilliseconds(185), TimeSpan.FromSeconds(1.9));
    }

    [Fact]
    public async Task A_verified_replay_refuses_a_write_the_capture_does_not_have()
    {
        var capture = new CaptureFile("x", DateTimeOffset.UnixEpoch, [new CaptureRecord(0, CaptureDirection.Write, "LON\r"u8.ToArray()), new CaptureRecord(10, CaptureDirection.Read, "A\r"u8.ToArray())]);
        await using var replay = await new ReplayConnector(capture, double.PositiveInfinity, ReplayWrites.Verify).ConnectAsync(CancellationToken.None);
        var e = await Assert.ThrowsAsync<IOException>(async () => await replay.WriteAsync("LOFF\r"u8.ToArray()));
        Assert.Equal("Replay: written byte 2 is 0x46, the capture has 0x4E.", e.Message);
    }

    [Fact]
    public async Task A_verified_replay_holds_a_reply_until_its_command_is_written()
    {
        var capture = new CaptureFile("x", DateTimeOffset.UnixEpoch, [new CaptureRecord(0, CaptureDirection.Write, "<T>"u8.ToArray()), new CaptureRecord(10, CaptureDirection.Read, "A\r"u8.ToArray())]);
        await using var reader = new CodeReader(new ReplayConnector(capture, double.PositiveInfinity, ReplayWrites.Verify, endOfStreamAtEnd: false), ReaderFraming.Cr, triggerCommand: "<T>"u8.ToArray());
        reader.Start();
        await ReaderWaits.StateAsync(reader, DeviceConnectionState.Connected);
        using var early = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await reader.ReadAllAsync(early.Token).GetAsyncEnumerator(early.Token).MoveNextAsync());
        await reader.TriggerAsync(CancellationToken.None);
        Assert.Equal("A", Assert.IsType<ReaderEvent.Read>(Assert.Single(await ReaderWaits.TakeAsync(reader, 1))).Text);
    }
}
