using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Logging;
using Traceability.OpcUa.Encoding;

namespace Traceability.OpcUa.Channel;

/// <summary>
/// UA TCP connection plus secure channel with SecurityPolicy None (Part 6 §6.7 and §7.1): Hello/Acknowledge, chunked
/// MSG/OPN/CLO messages, request/response correlation by request id, and token renewal at 75 % of its lifetime.
/// </summary>
internal sealed class SecureChannel : IAsyncDisposable
{
    private const uint ProtocolVersion = 0;
    private readonly Stream _stream;
    private readonly string _endpointUrl;
    private readonly OpcUaClientOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    [SuppressMessage("Reliability", "CA2213:Disposable fields should be disposed", Justification = "Only WaitAsync/Release are used (no wait handle); a send still in a write when the channel is disposed releases it afterwards (DisposeAsync).")]
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly ConcurrentDictionary<uint, TaskCompletionSource<ReadOnlyMemory<byte>>> _pending = new();
    [SuppressMessage("Reliability", "CA2213:Disposable fields should be disposed", Justification = "No timer; a send still in a write when the channel is disposed may abort the channel afterwards, which cancels it (DisposeAsync).")]
    private readonly CancellationTokenSource _closing = new();
    private readonly TaskCompletionSource<Exception?> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private uint _channelId;
    private uint _tokenId;
    private uint _nextRequestId;
    private uint _nextSequenceNumber;
    private int _sendChunkSize;
    private int _maxChunkCount;
    private Task _receiveLoop = Task.CompletedTask;
    private Task _renewLoop = Task.CompletedTask;
    private int _disposed;

    private SecureChannel(Stream stream, string endpointUrl, OpcUaClientOptions options, TimeProvider timeProvider, ILogger logger)
    {
        _stream = stream;
        _endpointUrl = endpointUrl;
        _options = options;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>Completes when the connection ends, with the error that ended it (null for an orderly close).</summary>
    public Task<Exception?> Completion => _completion.Task;

    public bool IsOpen => !_completion.Task.IsCompleted;

    public string EndpointUrl => _endpointUrl;

    public static async Task<SecureChannel> OpenAsync(Stream stream, string endpointUrl, OpcUaClientOptions options, TimeProvider timeProvider, ILogger logger, CancellationToken cancellationToken)
    {
        var channel = new SecureChannel(stream, endpointUrl, options, timeProvider, logger);
        try
        {
            await channel.HelloAsync(cancellationToken);
            channel._receiveLoop = channel.ReceiveLoopAsync();
            await channel.OpenSecureChannelAsync(renew: false, cancellationToken);
            channel._renewLoop = channel.RenewLoopAsync();
            return channel;
        }
        catch
        {
            await channel.DisposeAsync();
            throw;
        }
    }

    private async Task HelloAsync(CancellationToken cancellationToken)
    {
        var hello = new UaWriter(128);
        hello.WriteBytes("HELF"u8);
        hello.WriteUInt32(0);
        hello.WriteUInt32(ProtocolVersion);
        hello.WriteUInt32((uint)_options.ReceiveBufferSize);
        hello.WriteUInt32((uint)_options.SendBufferSize);
        hello.WriteUInt32((uint)_options.MaxMessageSize);
        hello.WriteUInt32(0);
        hello.WriteString(_endpointUrl);
        hello.PatchUInt32(4, (uint)hello.Length);
        await _stream.WriteAsync(hello.Written, cancellationToken);
        await _stream.FlushAsync(cancellationToken);

        var (type, body) = await ReadFrameAsync(cancellationToken);
        var reader = new UaReader(body);
        if (type == "ERR")
        {
            throw ErrorMessage(reader, "Hello");
        }

        if (type != "ACK")
        {
            throw new OpcUaException($"Hello to {_endpointUrl}: expected ACK, got {type}", new StatusCode(0x807E0000));
        }

        reader.ReadUInt32();
        var serverReceive = reader.ReadUInt32();
        reader.ReadUInt32();
        reader.ReadUInt32();
        _maxChunkCount = (int)Math.Min(reader.ReadUInt32(), int.MaxValue);
        _sendChunkSize = (int)Math.Min(serverReceive, (uint)_options.SendBufferSize);
    }

    private OpcUaException ErrorMessage(UaReader reader, string context)
    {
        var code = reader.ReadStatusCode();
        var reason = reader.ReadString();
        return new OpcUaException($"{context} to {_endpointUrl} rejected{(string.IsNullOrEmpty(reason) ? "" : $" ({reason})")}", code);
    }

    /// <summary>Reads one frame: 3-byte type, chunk type, size, then the rest; returns the type and the whole frame.</summary>
    private async Task<(string Type, ReadOnlyMemory<byte> Frame)> ReadFrameAsync(CancellationToken cancellationToken)
    {
        var header = new byte[8];
        await _stream.ReadExactlyAsync(header, cancellationToken);
        var type = System.Text.Encoding.ASCII.GetString(header, 0, 3);
        var size = BinaryPrimitives.ReadUInt32LittleEndian(header.AsSpan(4));
        if (size < 8 || size > (uint)Math.Max(_options.ReceiveBufferSize, 8192))
        {
            throw new OpcUaException($"Receiving from {_endpointUrl}: {type} frame of {size} bytes", new StatusCode(0x80800000));
        }

        var frame = new byte[size];
        header.CopyTo(frame, 0);
        await _stream.ReadExactlyAsync(frame.AsMemory(8), cancellationToken);
        if (type is "HEL" or "ACK" or "ERR" or "RHE")
        {
            return (type, frame.AsMemory(8));
        }

        return (type, frame);
    }

    private async Task ReceiveLoopAsync()
    {
        var assembler = new ChunkAssembler(_options.MaxMessageSize, 0);
        Exception? error = null;
        try
        {
            while (true)
            {
                var (type, frame) = await ReadFrameAsync(_closing.Token);
                if (type == "ERR")
                {
                    throw ErrorMessage(new UaReader(frame), "Connection");
                }

                var chunk = Chunking.Parse(frame);
                ReadOnlyMemory<byte>? body;
                try
                {
                    body = assembler.Add(chunk);
                }
                catch (OpcUaException e) when (chunk.ChunkType == 'A')
                {
                    if (_pending.TryRemove(chunk.RequestId, out var aborted))
                    {
                        aborted.TrySetException(e);
                    }

                    continue;
                }

                if (body is { } message && _pending.TryRemove(chunk.RequestId, out var waiter))
                {
                    waiter.TrySetResult(message);
                }
            }
        }
        catch (OperationCanceledException) when (_closing.IsCancellationRequested)
        {
        }
        catch (EndOfStreamException e)
        {
            error = new OpcUaException($"Connection to {_endpointUrl} closed by the server", new StatusCode(0x80AE0000), e);
        }
        catch (IOException e)
        {
            error = new OpcUaException($"Connection to {_endpointUrl} lost ({e.Message})", new StatusCode(0x80AE0000), e);
        }
        catch (ObjectDisposedException e)
        {
            error = new OpcUaException($"Connection to {_endpointUrl} closed", new StatusCode(0x80AE0000), e);
        }
        catch (OpcUaException e)
        {
            error = e;
        }

        var failure = error ?? new OpcUaException($"Connection to {_endpointUrl} closed", new StatusCode(0x80AE0000));
        foreach (var id in _pending.Keys)
        {
            if (_pending.TryRemove(id, out var waiter))
            {
                waiter.TrySetException(failure);
            }
        }

        if (error is not null)
        {
            OpcUaLog.ChannelLost(_logger, _endpointUrl, error.Message);
        }

        _completion.TrySetResult(error);
    }

    private async Task OpenSecureChannelAsync(bool renew, CancellationToken cancellationToken)
    {
        var reader = await CallAsync("OpenSecureChannel", 446, 449, NodeId.Null, w =>
        {
            w.WriteUInt32(ProtocolVersion);
            w.WriteInt32(renew ? 1 : 0);
            w.WriteInt32(1);
            w.WriteByteString([]);
            w.WriteUInt32((uint)_options.SecureChannelLifetime.TotalMilliseconds);
        }, _options.RequestTimeout, cancellationToken, messageType: "OPN");
        reader.ReadUInt32();
        _channelId = reader.ReadUInt32();
        var tokenId = reader.ReadUInt32();
        reader.ReadDateTime();
        var lifetime = reader.ReadUInt32();
        reader.ReadByteString();
        _tokenId = tokenId;
        RevisedLifetime = TimeSpan.FromMilliseconds(Math.Max(lifetime, 1000));
    }

    public TimeSpan RevisedLifetime { get; private set; }

    private async Task RenewLoopAsync()
    {
        try
        {
            while (!_closing.IsCancellationRequested)
            {
                // Renew at 75 % of the lifetime (Part 4 §5.5.2): the old token stays valid until the new one is used.
                await Task.Delay(RevisedLifetime * 0.75, _timeProvider, _closing.Token);
                await OpenSecureChannelAsync(renew: true, _closing.Token);
                OpcUaLog.TokenRenewed(_logger, _endpointUrl, _tokenId);
            }
        }
        catch (OperationCanceledException) when (_closing.IsCancellationRequested)
        {
        }
        catch (OpcUaException e)
        {
            OpcUaLog.ChannelLost(_logger, _endpointUrl, e.Message);
            Abort();
        }
    }

    /// <summary>
    /// Sends a service request and returns a reader positioned after the response header.
    /// Throws <see cref="OpcUaException"/> named by <paramref name="context"/> for a ServiceFault or a bad service result.
    /// </summary>
    public async Task<UaReader> CallAsync(string context, uint requestTypeId, uint responseTypeId, NodeId authenticationToken, Action<UaWriter> writeBody, TimeSpan timeout, CancellationToken cancellationToken, string messageType = "MSG", uint timeoutHint = 0)
    {
        var requestId = Interlocked.Increment(ref _nextRequestId);
        var message = new UaWriter(256);
        message.WriteNodeId(NodeId.Numeric(0, requestTypeId));
        message.WriteNodeId(authenticationToken);
        message.WriteDateTime(_timeProvider.GetUtcNow().UtcDateTime);
        message.WriteUInt32(requestId);
        message.WriteUInt32(0);
        message.WriteString(null);
        message.WriteUInt32(timeoutHint != 0 ? timeoutHint : (uint)timeout.TotalMilliseconds);
        message.WriteNullExtensionObject();
        writeBody(message);

        var waiter = new TaskCompletionSource<ReadOnlyMemory<byte>>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[requestId] = waiter;
        using var timeoutCts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutCts.CancelAfter(timeout);
        try
        {
            if (!IsOpen)
            {
                throw new OpcUaException($"{context} on {_endpointUrl}", new StatusCode(0x80AE0000));
            }

            await SendAsync(messageType, requestId, message.Written, timeoutCts.Token);
            var response = await waiter.Task.WaitAsync(timeoutCts.Token);
            return ReadResponse(context, responseTypeId, response);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new OpcUaException($"{context} on {_endpointUrl} got no answer within {timeout.TotalMilliseconds:0} ms", new StatusCode(0x800A0000));
        }
        catch (OpcUaException e) when (e.StatusCode.Code == 0x80AE0000 && !e.Message.StartsWith(context, StringComparison.Ordinal))
        {
            throw new OpcUaException($"{context}: {e.Context}", e.StatusCode, e);
        }
        finally
        {
            _pending.TryRemove(requestId, out _);
        }
    }

    private static UaReader ReadResponse(string context, uint responseTypeId, ReadOnlyMemory<byte> response)
    {
        var reader = new UaReader(response);
        var typeId = reader.ReadNodeId();
        reader.ReadDateTime();
        reader.ReadUInt32();
        var serviceResult = reader.ReadStatusCode();
        reader.SkipDiagnosticInfo();
        reader.ReadArray(r => r.ReadString());
        reader.ReadExtensionObject();
        if (typeId == NodeId.Numeric(0, 397) || serviceResult.IsBad)
        {
            throw new OpcUaException(context, serviceResult.IsBad ? serviceResult : new StatusCode(0x80010000));
        }

        if (typeId != NodeId.Numeric(0, responseTypeId))
        {
            throw new OpcUaException($"{context}: response type {typeId}, expected i={responseTypeId}", new StatusCode(0x80090000));
        }

        return reader;
    }

    private uint NextSequenceNumber()
    {
        // Wraps before UInt32.MaxValue - 1024 to a value below 1024 (Part 6 §6.7.2.4).
        var next = ++_nextSequenceNumber;
        if (next > uint.MaxValue - 1024)
        {
            _nextSequenceNumber = next = 1;
        }

        return next;
    }

    private async Task SendAsync(string messageType, uint requestId, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        await _sendLock.WaitAsync(cancellationToken);
        try
        {
            // Sequence numbers are taken under the lock: chunks must leave in sequence order.
            var chunks = Chunking.Split(messageType, _channelId, _tokenId, body.Span, requestId, NextSequenceNumber, _sendChunkSize, _maxChunkCount);
            foreach (var chunk in chunks)
            {
                await _stream.WriteAsync(chunk, cancellationToken);
            }

            await _stream.FlushAsync(cancellationToken);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // ObjectDisposedException: the channel was aborted or disposed while this send waited for, or was in, a write.
            Abort();
            throw new OpcUaException($"Sending to {_endpointUrl} failed ({e.Message})", new StatusCode(0x80AE0000), e);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Drops the connection without a CloseSecureChannel: the receive loop ends and <see cref="Completion"/> fires.</summary>
    public void Abort()
    {
        if (!_completion.Task.IsCompleted)
        {
            _completion.TrySetResult(new OpcUaException($"Connection to {_endpointUrl} aborted", new StatusCode(0x80AE0000)));
        }

        _closing.Cancel();
        _stream.Dispose();
    }

    /// <summary>Sends CloseSecureChannel (no response by design) and closes the socket.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        if (IsOpen && _channelId != 0)
        {
            try
            {
                var close = new UaWriter(64);
                close.WriteNodeId(NodeId.Numeric(0, 452));
                close.WriteNodeId(NodeId.Null);
                close.WriteDateTime(_timeProvider.GetUtcNow().UtcDateTime);
                close.WriteUInt32(0);
                close.WriteUInt32(0);
                close.WriteString(null);
                close.WriteUInt32(0);
                close.WriteNullExtensionObject();
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(1));
                await SendAsync("CLO", Interlocked.Increment(ref _nextRequestId), close.Written, timeout.Token);
            }
            catch (Exception e) when (e is OpcUaException or OperationCanceledException or IOException or ObjectDisposedException)
            {
                // The peer is gone already; closing is best effort.
            }
        }

        _completion.TrySetResult(null);
        await _closing.CancelAsync();
        await _stream.DisposeAsync();
        try
        {
            await Task.WhenAll(_receiveLoop, _renewLoop);
        }
        catch (OperationCanceledException)
        {
        }

        // _closing and _sendLock are not disposed: a send may still be in a write the disposed stream has not ended yet
        // (a kernel write does not always honour cancellation); it releases the lock and aborts after this returns.
    }
}
