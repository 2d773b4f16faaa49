using System.Globalization;

namespace Traceability.LineAgent.Devices.Capture;

/// <summary>One replay of a capture: reads come from R records on schedule; writes are accepted or verified.</summary>
internal sealed class ReplayStream : Stream
{
    private readonly IReadOnlyList<CaptureRecord> _records;
    private readonly double _speed;
    private readonly ReplayWrites _writes;
    private readonly bool _endOfStreamAtEnd;
    private readonly TimeProvider _time;
    private readonly byte[] _expectedWrites;
    private readonly CancellationTokenSource _closed = new();
    private readonly SemaphoreSlim _written = new(0);
    private long _start = -1;
    private int _index;
    private int _offset;
    private long _writeCursor;
    private long _writesNeeded;

    public ReplayStream(CaptureFile capture, double speed, ReplayWrites writes, bool endOfStreamAtEnd, TimeProvider time)
    {
        _records = capture.Records;
        _speed = speed;
        _writes = writes;
        _endOfStreamAtEnd = endOfStreamAtEnd;
        _time = time;
        _expectedWrites = capture.Bytes(CaptureDirection.Write);
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ObjectDisposedException.ThrowIf(_closed.IsCancellationRequested, this);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _closed.Token);
        if (_start < 0)
        {
            _start = _time.GetTimestamp();
        }

        while (_index < _records.Count)
        {
            var record = _records[_index];
            if (record.Direction == CaptureDirection.Write)
            {
                _writesNeeded += record.Data.Length;
                _index++;
                continue;
            }

            while (_writes == ReplayWrites.Verify && Interlocked.Read(ref _writeCursor) < _writesNeeded)
            {
                await _written.WaitAsync(linked.Token).ConfigureAwait(false);
            }

            if (_offset == 0 && !double.IsPositiveInfinity(_speed))
            {
                var due = TimeSpan.FromTicks((long)(record.Micros * 10 / _speed));
                var wait = due - _time.GetElapsedTime(_start);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, _time, linked.Token).ConfigureAwait(false);
                }
            }

            var n = Math.Min(buffer.Length, record.Data.Length - _offset);
            record.Data.AsSpan(_offset, n).CopyTo(buffer.Span);
            _offset += n;
            if (_offset == record.Data.Length)
            {
                _index++;
                _offset = 0;
            }

            return n;
        }

        if (!_endOfStreamAtEnd)
        {
            // A silent device: nothing more until the driver closes the stream.
            await Task.Delay(Timeout.Infinite, linked.Token).ConfigureAwait(false);
        }

        return 0;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) => Check(buffer.AsSpan(offset, count));

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Check(buffer.Span);
        return ValueTask.CompletedTask;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_closed.IsCancellationRequested)
        {
            _closed.Cancel();
            _closed.Dispose();
            _written.Dispose();
        }

        base.Dispose(disposing);
    }

    private void Check(ReadOnlySpan<byte> data)
    {
        ObjectDisposedException.ThrowIf(_closed.IsCancellationRequested, this);
        if (_writes == ReplayWrites.Accept)
        {
            return;
        }

        var cursor = Interlocked.Read(ref _writeCursor);
        for (var i = 0; i < data.Length; i++)
        {
            var at = cursor + i;
            if (at >= _expectedWrites.Length)
            {
                throw new IOException(string.Create(CultureInfo.InvariantCulture, $"Replay: the driver wrote byte {at} (0x{data[i]:X2}) but the capture has only {_expectedWrites.Length} written bytes."));
            }

            if (_expectedWrites[at] != data[i])
            {
                throw new IOException(string.Create(CultureInfo.InvariantCulture, $"Replay: written byte {at} is 0x{data[i]:X2}, the capture has 0x{_expectedWrites[at]:X2}."));
            }
        }

        Interlocked.Add(ref _writeCursor, data.Length);
        _written.Release();
    }
}
