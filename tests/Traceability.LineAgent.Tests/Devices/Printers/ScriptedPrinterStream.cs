using System.Text;
using System.Threading.Channels;
using Traceability.LineAgent.Devices.Transport;

namespace Traceability.LineAgent.Tests.Devices.Printers;

/// <summary>A replayed printer: answers ~HS with canned bytes (or not at all), records what was written, can fail a write.</summary>
internal sealed class ScriptedPrinterStream : Stream
{
    private readonly Channel<byte[]> _toDriver = Channel.CreateUnbounded<byte[]>();
    private readonly MemoryStream _written = new();

    public byte[]? StatusAnswer { get; set; } = Ready;

    public bool FailNextLabelWrite { get; set; }

    public static byte[] Ready => Encoding.ASCII.GetBytes(
        "\u0002030,0,0,0400,000,0,0,0,000,0,0,0\u0003\r\n\u0002001,0,0,0,1,2,6,0,00000000,1,000\u0003\r\n\u00021234,0\u0003\r\n");

    public string Written => Encoding.UTF8.GetString(_written.ToArray());

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        try
        {
            var chunk = await _toDriver.Reader.ReadAsync(cancellationToken);
            chunk.CopyTo(buffer);
            return chunk.Length;
        }
        catch (ChannelClosedException)
        {
            return 0;
        }
    }

    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.Span.SequenceEqual("~HS"u8))
        {
            if (StatusAnswer is { } answer)
            {
                _toDriver.Writer.TryWrite(answer);
            }

            return ValueTask.CompletedTask;
        }

        if (FailNextLabelWrite)
        {
            FailNextLabelWrite = false;
            _written.Write(buffer.Span[..(buffer.Length / 2)]);
            throw new IOException("Connection reset by peer");
        }

        _written.Write(buffer.Span);
        return ValueTask.CompletedTask;
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        _toDriver.Writer.TryComplete();
        base.Dispose(disposing);
    }
}

/// <summary>Hands out one scripted stream per connection and keeps them for inspection.</summary>
internal sealed class ScriptedConnector(Action<ScriptedPrinterStream>? configure = null) : IStreamConnector
{
    public List<ScriptedPrinterStream> Streams { get; } = [];

    public string Description => "replay:printer";

    public ValueTask<Stream> ConnectAsync(CancellationToken cancellationToken)
    {
        var stream = new ScriptedPrinterStream();
        configure?.Invoke(stream);
        Streams.Add(stream);
        return ValueTask.FromResult<Stream>(stream);
    }

    public string AllWritten => string.Concat(Streams.Select(s => s.Written));
}
