using System.Threading.Channels;

namespace Traceability.LineAgent.Devices.Printers;

/// <summary>
/// One open stream plus a reader that drains it in the background, so a printer hanging up is noticed (end of stream)
/// before the next label is written into a dead socket, and answers are read with a timeout.
/// </summary>
internal sealed class PrinterConnection : IAsyncDisposable
{
    private readonly Stream _stream;
    private readonly CancellationTokenSource _stop = new();
    private readonly Channel<byte[]> _received = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly Task _reader;
    private byte[] _pending = [];
    private volatile bool _broken;

    public PrinterConnection(Stream stream)
    {
        _stream = stream;
        _reader = Task.Run(ReadLoopAsync);
    }

    /// <summary>The far end hung up or the stream failed.</summary>
    public bool IsBroken => _broken;

    public Stream Stream => _stream;

    public void MarkBroken() => _broken = true;

    /// <summary>Drops anything received and not yet consumed (a late answer to a timed-out query).</summary>
    public void DiscardReceived()
    {
        _pending = [];
        while (_received.Reader.TryRead(out _))
        {
        }
    }

    /// <summary>Reads the next <paramref name="count"/> STX…ETX frames.</summary>
    public async Task<string[]> ReadFramesAsync(int count, CancellationToken cancellationToken)
    {
        var frames = new List<string>(count);
        while (true)
        {
            var span = (ReadOnlySpan<byte>)_pending;
            while (frames.Count < count && HostStatusFrames.TryTake(ref span, out var frame))
            {
                frames.Add(frame);
            }

            _pending = span.ToArray();
            if (frames.Count == count)
            {
                return [.. frames];
            }

            byte[] chunk;
            try
            {
                chunk = await _received.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (ChannelClosedException e)
            {
                throw new IOException("The printer closed the connection.", e.InnerException ?? e);
            }

            _pending = [.. _pending, .. chunk];
        }
    }

    public async ValueTask DisposeAsync()
    {
        _broken = true;
        await _stop.CancelAsync().ConfigureAwait(false);
        await _stream.DisposeAsync().ConfigureAwait(false);
        try
        {
            await _reader.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private async Task ReadLoopAsync()
    {
        var buffer = new byte[4096];
        Exception? failure = null;
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var read = await _stream.ReadAsync(buffer, _stop.Token).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                _received.Writer.TryWrite(buffer[..read]);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException && _stop.IsCancellationRequested)
        {
        }
#pragma warning disable CA1031 // Any failure of the stream is a disconnect (a dying pty throws odd types); it is reported to the reader.
        catch (Exception e)
#pragma warning restore CA1031
        {
            failure = e;
        }

        _broken = true;
        _received.Writer.TryComplete(failure);
    }
}
