using System.Buffers.Text;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Traceability.Benchmarks.Load;

/// <summary>
/// One kept-alive HTTP/1.1 connection of <see cref="LeanHttpLoad"/>: writes a pre-encoded request, reads the answer's
/// status line and headers, then its body by Content-Length, chunked transfer coding (trailers skipped) or, with
/// neither, until the server closes; hands status and body to the classifier. Opens its socket on first use and again
/// after the server closed it (<c>Connection: close</c>, an error, Kestrel's keep-alive timeout).
/// </summary>
internal sealed class LeanConnection(IPEndPoint endPoint) : IDisposable
{
    private Socket? _socket;
    private byte[] _buffer = new byte[16 * 1024];
    private int _start;
    private int _end;
    private byte[] _body = new byte[4 * 1024];
    private int _bodyLength;
    private bool _answering;

    public async ValueTask<(int Status, string? Outcome)> ExchangeAsync(byte[] request, Classifier classify)
    {
        var reused = _socket is not null;
        while (true)
        {
            var socket = _socket ??= await ConnectAsync();
            try
            {
                var sent = 0;
                while (sent < request.Length)
                {
                    sent += await socket.SendAsync(request.AsMemory(sent), SocketFlags.None);
                }

                return await ReadResponseAsync(socket, classify);
            }
            catch (Exception e) when (reused && e is SocketException or ClosedBeforeAnswerException)
            {
                // The server closed this idle kept-alive connection before the request reached it (Kestrel's
                // keep-alive timeout): send it again on a new one, as HttpClient does.
                Close();
                reused = false;
            }
        }
    }

    public void Close()
    {
        _socket?.Dispose();
        _socket = null;
        _start = _end = 0;
    }

    public void Dispose() => Close();

    private async ValueTask<Socket> ConnectAsync()
    {
        var socket = new Socket(endPoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(endPoint);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        _start = _end = 0;
        return socket;
    }

    private async ValueTask<(int Status, string? Outcome)> ReadResponseAsync(Socket socket, Classifier classify)
    {
        Head head;
        _answering = _end > _start;
        while (true)
        {
            int headEnd;
            while ((headEnd = IndexOf("\r\n\r\n"u8)) < 0)
            {
                await FillAsync(socket);
            }

            head = Head.Parse(_buffer.AsSpan(_start, headEnd));
            _start += headEnd + 4;

            // An interim answer (100 Continue) precedes the real one.
            if (head.Status is < 100 or >= 200 or 101)
            {
                break;
            }
        }

        string? outcome;
        if (head.Chunked)
        {
            _bodyLength = 0;
            while (true)
            {
                int lineEnd;
                while ((lineEnd = IndexOf("\r\n"u8)) < 0)
                {
                    await FillAsync(socket);
                }

                var size = ChunkSize(_buffer.AsSpan(_start, lineEnd));
                _start += lineEnd + 2;
                if (size == 0)
                {
                    break;
                }

                while (_end - _start < size + 2)
                {
                    await FillAsync(socket);
                }

                AppendChunk(size);
            }

            // Trailer fields, if any, up to the empty line.
            while (true)
            {
                int lineEnd;
                while ((lineEnd = IndexOf("\r\n"u8)) < 0)
                {
                    await FillAsync(socket);
                }

                _start += lineEnd + 2;
                if (lineEnd == 0)
                {
                    break;
                }
            }

            outcome = classify(head.Status, _body.AsSpan(0, _bodyLength));
        }
        else if (head.ContentLength >= 0)
        {
            var length = (int)head.ContentLength;
            while (_end - _start < length)
            {
                await FillAsync(socket);
            }

            outcome = classify(head.Status, _buffer.AsSpan(_start, length));
            _start += length;
        }
        else if (head.Status is 204 or 304 or < 200)
        {
            outcome = classify(head.Status, default);
        }
        else
        {
            // No length: the body runs to the end of the connection.
            try
            {
                while (true)
                {
                    await FillAsync(socket);
                }
            }
            catch (ClosedBeforeAnswerException)
            {
            }
            catch (IOException)
            {
            }

            outcome = classify(head.Status, _buffer.AsSpan(_start, _end - _start));
            _start = _end;
            head = head with { Close = true };
        }

        if (_start == _end)
        {
            _start = _end = 0;
        }

        if (head.Close)
        {
            Close();
        }

        return (head.Status, outcome);
    }

    private int IndexOf(ReadOnlySpan<byte> pattern) => _buffer.AsSpan(_start, _end - _start).IndexOf(pattern);

    /// <summary>Reads more of the answer, making room first (moving the unread bytes to the front, or doubling the buffer).</summary>
    private async ValueTask FillAsync(Socket socket)
    {
        if (_end == _buffer.Length)
        {
            if (_start > 0)
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                _end -= _start;
                _start = 0;
            }
            else
            {
                Array.Resize(ref _buffer, _buffer.Length * 2);
            }
        }

        var read = await socket.ReceiveAsync(_buffer.AsMemory(_end), SocketFlags.None);
        if (read == 0)
        {
            throw _answering ? new IOException("The server closed the connection in the middle of an answer.") : new ClosedBeforeAnswerException();
        }

        _end += read;
        _answering = true;
    }

    private void AppendChunk(int size)
    {
        if (_buffer[_start + size] != '\r' || _buffer[_start + size + 1] != '\n')
        {
            throw new InvalidDataException("A chunk does not end in CRLF.");
        }

        if (_bodyLength + size > _body.Length)
        {
            Array.Resize(ref _body, Math.Max(_body.Length * 2, _bodyLength + size));
        }

        Buffer.BlockCopy(_buffer, _start, _body, _bodyLength, size);
        _bodyLength += size;
        _start += size + 2;
    }

    private static int ChunkSize(ReadOnlySpan<byte> line)
    {
        // chunk-size [; chunk-ext]
        var semicolon = line.IndexOf((byte)';');
        var digits = (semicolon < 0 ? line : line[..semicolon]).Trim(" \t"u8);
        if (!Utf8Parser.TryParse(digits, out int size, out var consumed, 'x') || consumed != digits.Length || size < 0)
        {
            throw new InvalidDataException($"Not a chunk size: '{Encoding.ASCII.GetString(line)}'.");
        }

        return size;
    }

    /// <summary>What the status line and the headers say about reading the body and keeping the connection.</summary>
    private readonly record struct Head(int Status, long ContentLength, bool Chunked, bool Close)
    {
        public static Head Parse(ReadOnlySpan<byte> head)
        {
            var lineEnd = head.IndexOf("\r\n"u8);
            var statusLine = lineEnd < 0 ? head : head[..lineEnd];

            // HTTP/1.x SP 3DIGIT SP reason
            if (statusLine.Length < 12 || !statusLine.StartsWith("HTTP/1."u8) || statusLine[8] != ' '
                || !Utf8Parser.TryParse(statusLine.Slice(9, 3), out int status, out var consumed) || consumed != 3)
            {
                throw new InvalidDataException($"Not an HTTP/1.x status line: '{Encoding.ASCII.GetString(statusLine)}'.");
            }

            var close = statusLine[7] == '0';
            var length = -1L;
            var chunked = false;
            var rest = lineEnd < 0 ? default : head[(lineEnd + 2)..];
            while (!rest.IsEmpty)
            {
                var end = rest.IndexOf("\r\n"u8);
                var line = end < 0 ? rest : rest[..end];
                rest = end < 0 ? default : rest[(end + 2)..];
                var colon = line.IndexOf((byte)':');
                if (colon <= 0)
                {
                    throw new InvalidDataException($"Not a header field: '{Encoding.ASCII.GetString(line)}'.");
                }

                var name = line[..colon];
                var value = line[(colon + 1)..].Trim(" \t"u8);
                if (Ascii.EqualsIgnoreCase(name, "Content-Length"u8))
                {
                    if (!Utf8Parser.TryParse(value, out length, out var used) || used != value.Length || length < 0)
                    {
                        throw new InvalidDataException($"Not a Content-Length: '{Encoding.ASCII.GetString(value)}'.");
                    }
                }
                else if (Ascii.EqualsIgnoreCase(name, "Transfer-Encoding"u8))
                {
                    chunked = Contains(value, "chunked"u8);
                }
                else if (Ascii.EqualsIgnoreCase(name, "Connection"u8))
                {
                    close = Contains(value, "close"u8) || (close && !Contains(value, "keep-alive"u8));
                }
            }

            return new Head(status, chunked ? -1 : length, chunked, close);
        }

        private static bool Contains(ReadOnlySpan<byte> value, ReadOnlySpan<byte> token)
        {
            for (var i = 0; i + token.Length <= value.Length; i++)
            {
                if (Ascii.EqualsIgnoreCase(value.Slice(i, token.Length), token))
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>The server closed the connection before any byte of the answer.</summary>
    private sealed class ClosedBeforeAnswerException() : IOException("The server closed the connection before answering.");
}
