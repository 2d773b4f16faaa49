namespace Traceability.LineAgent.Storage;

/// <summary>
/// A file stream whose <see cref="Flush()"/> is an fsync. LiteDB wraps the streams it is given and calls plain
/// <c>Flush()</c>, which on a bare <see cref="FileStream"/> stops at the operating system's cache.
/// </summary>
/// <remarks>
/// <see cref="Flush()"/> may run on another thread while LiteDB reads or writes (the line store's flusher overlaps
/// one group's fsync with the next group's commit): it touches only the file handle, taken before any I/O, never the
/// stream's position; the kernel makes it cover every write that returned before it began.
/// </remarks>
internal sealed class DiskFlushingStream(FileStream file, bool flushToDisk) : Stream
{
    private readonly Microsoft.Win32.SafeHandles.SafeFileHandle _handle = file.SafeFileHandle;

    public override bool CanRead => file.CanRead;

    public override bool CanSeek => file.CanSeek;

    public override bool CanWrite => file.CanWrite;

    public override long Length => file.Length;

    public override long Position
    {
        get => file.Position;
        set => file.Position = value;
    }

    public override void Flush()
    {
        if (flushToDisk)
        {
            RandomAccess.FlushToDisk(_handle);
        }
    }

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
            // The stream owns the handle; disposing it again is a no-op.
            file.Dispose();
            _handle.Dispose();
        }

        base.Dispose(disposing);
    }
}
