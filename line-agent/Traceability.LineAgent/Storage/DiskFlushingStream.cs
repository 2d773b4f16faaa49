namespace Traceability.LineAgent.Storage;

/// <summary>
/// A file stream whose <see cref="Flush()"/> is an fsync (<see cref="FileStream.Flush(bool)"/> with true). LiteDB
/// wraps the streams it is given and calls plain <c>Flush()</c>, which on a bare <see cref="FileStream"/> stops at the
/// operating system's cache.
/// </summary>
internal sealed class DiskFlushingStream(FileStream file, bool flushToDisk) : Stream
{
    public override bool CanRead => file.CanRead;

    public override bool CanSeek => file.CanSeek;

    public override bool CanWrite => file.CanWrite;

    public override long Length => file.Length;

    public override long Position
    {
        get => file.Position;
        set => file.Position = value;
    }

    public override void Flush() => file.Flush(flushToDisk);

    public override int Read(byte[] buffer, int offset, int count) => file.Read(buffer, offset, count);

    public override int Read(Span<byte> buffer) => file.Read(buffer);

    public override void Write(byte[] buffer, int offset, int count) => file.Write(buffer, offset, count);

    public override void Write(ReadOnlySpan<byte> buffer) => file.Write(buffer);

    public override long Seek(long offset, SeekOrigin origin) => file.Seek(offset, origin);

    public override void SetLength(long value) => file.SetLength(value);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            file.Dispose();
        }

        base.Dispose(disposing);
    }
}
