using Traceability.LineAgent.Storage;

namespace Traceability.LineAgent.Tests.Storage;

/// <summary>
/// A disk with a volatile cache, for power-loss tests: writes land in the cache (and are read back from it) and
/// reach the platters only on <see cref="Stream.Flush()"/> (the fsync). <see cref="PowerLoss"/> keeps what was
/// flushed plus, if asked, a prefix of the unflushed writes in write order (the cache wrote some back before the
/// lights went out); everything after is gone and every later write or flush fails.
/// </summary>
internal sealed class SimulatedDisk
{
    private readonly Lock _lock = new();

    public SimulatedDisk()
        : this([], [])
    {
    }

    private SimulatedDisk(byte[] data, byte[] log)
    {
        Data = new SimulatedFile(this, "data", data);
        Log = new SimulatedFile(this, "log", log);
    }

    public SimulatedFile Data { get; }

    public SimulatedFile Log { get; }

    public bool PoweredOff { get; private set; }

    /// <summary>Runs before each flush takes effect; may block (to hold a commit) or throw (a failing disk).</summary>
    public Action<SimulatedFile>? BeforeFlush { get; set; }

    /// <summary>Writes not yet flushed, both files.</summary>
    public int UnflushedWrites
    {
        get
        {
            lock (_lock)
            {
                return Data.Pending.Count + Log.Pending.Count;
            }
        }
    }

    /// <summary>Cuts the power. Each file keeps its flushed content plus its first <paramref name="keepUnflushed"/>(n) unflushed writes.</summary>
    public void PowerLoss(Func<int, int>? keepUnflushed = null)
    {
        lock (_lock)
        {
            PoweredOff = true;
            Data.Cut(keepUnflushed?.Invoke(Data.Pending.Count) ?? 0);
            Log.Cut(keepUnflushed?.Invoke(Log.Pending.Count) ?? 0);
        }
    }

    /// <summary>The disk after the power comes back: what reached the platters, nothing else.</summary>
    public SimulatedDisk Reboot()
    {
        lock (_lock)
        {
            return new SimulatedDisk(Data.Durable, Log.Durable);
        }
    }

    /// <summary>The two files as the line store opens them.</summary>
    public IStoreMedium Medium() => new SimulatedMedium(Data, Log);

    internal Lock Gate => _lock;

    /// <summary>Call holding <see cref="Gate"/>.</summary>
    internal void ThrowIfOff()
    {
        if (PoweredOff)
        {
            throw new IOException("The power is off.");
        }
    }

    private sealed class SimulatedMedium(SimulatedFile data, SimulatedFile log) : IStoreMedium
    {
        public string Name => "simulated disk";

        public Stream Data { get; } = new SimulatedStream(data);

        public Stream Log { get; } = new SimulatedStream(log);

        // Closing a file does not flush it: only an fsync does.
        public void Dispose()
        {
            Data.Dispose();
            Log.Dispose();
        }
    }
}

/// <summary>One file of a <see cref="SimulatedDisk"/>: a durable image and the cached writes on top of it.</summary>
internal sealed class SimulatedFile
{
    private readonly SimulatedDisk _disk;
    private byte[] _cache;
    private long _length;
    private byte[] _durable;
    private long _durableLength;

    public SimulatedFile(SimulatedDisk disk, string name, byte[] durable)
    {
        _disk = disk;
        Name = name;
        _durable = (byte[])durable.Clone();
        _durableLength = durable.Length;
        _cache = (byte[])durable.Clone();
        _length = durable.Length;
    }

    public string Name { get; }

    /// <summary>What reached the platters.</summary>
    public byte[] Durable
    {
        get
        {
            lock (_disk.Gate)
            {
                return _durable.AsSpan(0, (int)_durableLength).ToArray();
            }
        }
    }

    public int Flushes { get; private set; }

    /// <summary>Unflushed operations in order: a write (offset, bytes) or a truncation (length, null).</summary>
    internal List<(long At, byte[]? Bytes)> Pending { get; } = [];

    public long Length
    {
        get
        {
            lock (_disk.Gate)
            {
                _disk.ThrowIfOff();
                return _length;
            }
        }
    }

    public int Read(long position, Span<byte> buffer)
    {
        lock (_disk.Gate)
        {
            _disk.ThrowIfOff();
            var count = (int)Math.Max(0, Math.Min(buffer.Length, _length - position));
            _cache.AsSpan((int)position, count).CopyTo(buffer);
            return count;
        }
    }

    public void Write(long position, ReadOnlySpan<byte> bytes)
    {
        lock (_disk.Gate)
        {
            _disk.ThrowIfOff();
            Apply(ref _cache, ref _length, position, bytes);
            Pending.Add((position, bytes.ToArray()));
        }
    }

    public void SetLength(long length)
    {
        lock (_disk.Gate)
        {
            _disk.ThrowIfOff();
            Truncate(ref _cache, ref _length, length);
            Pending.Add((length, null));
        }
    }

    public void Flush()
    {
        _disk.BeforeFlush?.Invoke(this);
        lock (_disk.Gate)
        {
            _disk.ThrowIfOff();
            WriteBack(Pending.Count);
            Flushes++;
        }
    }

    /// <summary>Call holding the disk's gate.</summary>
    internal void Cut(int keep) => WriteBack(keep);

    /// <summary>The first <paramref name="count"/> pending operations reach the durable image; the rest are dropped.</summary>
    private void WriteBack(int count)
    {
        foreach (var (at, bytes) in Pending.Take(count))
        {
            if (bytes is null)
            {
                Truncate(ref _durable, ref _durableLength, at);
            }
            else
            {
                Apply(ref _durable, ref _durableLength, at, bytes);
            }
        }

        Pending.Clear();
    }

    private static void Apply(ref byte[] image, ref long length, long position, ReadOnlySpan<byte> bytes)
    {
        var end = position + bytes.Length;
        if (end > image.Length)
        {
            Array.Resize(ref image, (int)Math.Max(end, image.Length * 2L));
        }

        bytes.CopyTo(image.AsSpan((int)position));
        length = Math.Max(length, end);
    }

    private static void Truncate(ref byte[] image, ref long length, long newLength)
    {
        if (newLength > image.Length)
        {
            Array.Resize(ref image, (int)newLength);
        }
        else if (newLength < length)
        {
            image.AsSpan((int)newLength, (int)(length - newLength)).Clear();
        }

        length = newLength;
    }
}

/// <summary>A positioned stream over a <see cref="SimulatedFile"/>; Flush is the fsync.</summary>
internal sealed class SimulatedStream(SimulatedFile file) : Stream
{
    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => true;

    public override long Length => file.Length;

    public override long Position { get; set; }

    public override void Flush() => file.Flush();

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var read = file.Read(Position, buffer);
        Position += read;
        return read;
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        file.Write(Position, buffer);
        Position += buffer.Length;
    }

    public override long Seek(long offset, SeekOrigin origin) => Position = origin switch
    {
        SeekOrigin.Begin => offset,
        SeekOrigin.Current => Position + offset,
        _ => file.Length + offset,
    };

    public override void SetLength(long value) => file.SetLength(value);
}
