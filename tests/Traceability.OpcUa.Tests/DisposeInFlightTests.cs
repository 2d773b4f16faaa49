using System.Net.Sockets;
using Traceability.Testing;
using static Traceability.OpcUa.Tests.TestCancellation;
namespace Traceability.OpcUa.Tests;

/// <summary>
/// Disposing the client while a request is still being written (a socket write the kernel has not finished) ends that
/// request with an <see cref="OpcUaException"/> and the dispose itself throws nothing. CI once saw the client's dispose
/// throw <see cref="ObjectDisposedException"/> from the channel's send lock when the PLC simulator was stopped.
/// </summary>
public sealed class DisposeInFlightTests(PlcSimulator plc) : IClassFixture<PlcSimulator>
{
    [Fact]
    public async Task A_request_still_being_written_when_the_client_is_disposed_fails_with_a_named_status()
    {
        HeldWriteStream? stream = null;
        var endpoint = new Uri(plc.Endpoint);
        await using var client = await OpcUaClient.ConnectAsync(plc.Options(), null, null, async (uri, ct) =>
        {
            var tcp = new TcpClient { NoDelay = true };
            await tcp.ConnectAsync(uri.Host, uri.Port, ct);
            stream = new HeldWriteStream(tcp);
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
        Assert.Contains(endpoint.Authority, e.Message, StringComparison.Ordinal);
    }

    /// <summary>A TCP stream whose next write waits, whatever its token says, until the test lets it go on.</summary>
    private sealed class HeldWriteStream(TcpClient tcp) : Stream
    {
        private readonly NetworkStream _inner = tcp.GetStream();
        private readonly TaskCompletionSource _held = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _hold;

        public Task WriteHeld => _held.Task;

        public void HoldNextWrite() => Volatile.Write(ref _hold, 1);

        public void ReleaseWrite() => _release.TrySetResult();

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (Interlocked.Exchange(ref _hold, 0) == 1)
            {
                _held.TrySetResult();
                await _release.Task;
            }

            await _inner.WriteAsync(buffer, cancellationToken);
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            _inner.ReadAsync(buffer, cancellationToken);

        public override Task FlushAsync(CancellationToken cancellationToken) => _inner.FlushAsync(cancellationToken);

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override void Flush() => _inner.Flush();

        public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, count);

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => _inner.Write(buffer, offset, count);

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _inner.Dispose();
                tcp.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
