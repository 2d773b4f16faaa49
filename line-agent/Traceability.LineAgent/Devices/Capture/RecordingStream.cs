using System.Diagnostics;

namespace Traceability.LineAgent.Devices.Capture;

/// <summary>
/// Wraps any driver's stream and writes every read and write to a capture (see <see cref="CaptureFile"/> for the format),
/// stamped in microseconds since the wrapper was made. Reads are recorded with the bytes the device actually delivered,
/// when they were delivered; writes when they were issued. Disposing disposes the inner stream and, unless
/// <c>leaveCaptureOpen</c>, the capture writer.
/// </summary>
public sealed class RecordingStream : Stream
{
    private readonly Stream _inner;
    private readonly TextWriter _capture;
    private readonly bool _leaveCaptureOpen;
    private readonly TimeProvider _time;
    private readonly long _start;
    private readonly Lock _lock = new();
    private int _disposed;

    /// <summary>Starts a capture: writes the header line now.</summary>
    public RecordingStream(Stream inner, TextWriter capture, string device, TimeProvider? timeProvider = null, bool leaveCaptureOpen = false)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(capture);
        ArgumentNullException.ThrowIfNull(device);
        _inner = inner;
        _capture = capture;
        _leaveCaptureOpen = leaveCaptureOpen;
        _time = timeProvider ?? TimeProvider.System;
        _start = _time.GetTimestamp();
        capture.WriteLine(CaptureFile.HeaderLine(device, _time.GetUtcNow()));
        capture.Flush();
    }

    public override bool CanRead => _inner.CanRead;

    public override bool CanSeek => false;

    public override bool CanWrite => _inner.CanWrite;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Flush() => _inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => _inner.FlushAsync(cancellationToken);

    public override int Read(byte[] buffer, int offset, int count)
    {
        var n = _inner.Read(buffer, offset, count);
        Record(CaptureDirection.Read, buffer.AsSpan(offset, n));
        return n;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var n = await _inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        Record(CaptureDirection.Read, buffer.Span[..n]);
        return n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count)
    {
        Record(CaptureDirection.Write, buffer.AsSpan(offset, count));
        _inner.Write(buffer, offset, count);
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Record(CaptureDirection.Write, buffer.Span);
        return _inner.WriteAsync(buffer, cancellationToken);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _inner.Dispose();
            lock (_lock)
            {
                _capture.Flush();
                if (!_leaveCaptureOpen)
                {
                    _capture.Dispose();
                }
            }
        }

        base.Dispose(disposing);
    }

    private void Record(CaptureDirection direction, ReadOnlySpan<byte> data)
    {
        if (data.IsEmpty)
        {
            return;
        }

        var micros = (long)(_time.GetElapsedTime(_start).Ticks / (TimeSpan.TicksPerMillisecond / 1000.0));
        Debug.Assert(micros >= 0, "Elapsed time is never negative.");
        lock (_lock)
        {
            // Flushed per record: a capture is most useful exactly when the process dies mid-shift.
            _capture.WriteLine(CaptureFile.RecordLine(micros, direction, data));
            _capture.Flush();
        }
    }
}
