using Traceability.Contracts.Line.V1;

namespace Traceability.EndToEnd.Tests.Central;

/// <summary>
/// The line's HTTP handler to central: forwards to the central server that is up, refuses the connection while
/// central is down, and can lose central's next answer to AllocateSerials after central has given it (what a crash
/// between the call and the store looks like from the line's file).
/// </summary>
public sealed class CentralSwitch : HttpMessageHandler
{
    private readonly Lock _lock = new();
    private HttpMessageInvoker? _central;
    private CancellationTokenSource _upTime = new();
    private int _loseAllocationAnswers;
    private int _streamCalls;

    /// <summary>request_id of every AllocateSerials that reached central, in order.</summary>
    public List<string> AllocationRequestIds { get; } = [];

    /// <summary>Every AllocateSerials answer central gave, including lost ones.</summary>
    public List<AllocateSerialsResponse> AllocationAnswers { get; } = [];

    /// <summary>StreamEvents calls attempted (up or down).</summary>
    public int StreamCalls => Volatile.Read(ref _streamCalls);

    public void Up(CentralServer server)
    {
        lock (_lock)
        {
            _central?.Dispose();
            _central = new HttpMessageInvoker(server.Server.CreateHandler(), disposeHandler: true);
            _upTime = new CancellationTokenSource();
        }
    }

    /// <summary>Refuses new calls and breaks the calls in progress (the in-memory server would keep serving them).</summary>
    public void Down()
    {
        CancellationTokenSource upTime;
        lock (_lock)
        {
            _central?.Dispose();
            _central = null;
            upTime = _upTime;
        }

        // Not disposed: calls still running hold its token until they notice.
        upTime.Cancel();
    }

    public void LoseNextAllocationAnswer() => Interlocked.Increment(ref _loseAllocationAnswers);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var path = request.RequestUri!.AbsolutePath;
        if (path.EndsWith("/StreamEvents", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _streamCalls);
        }

        HttpMessageInvoker central;
        CancellationToken upTime;
        lock (_lock)
        {
            central = _central ?? throw new HttpRequestException("Connection refused (central is down)");
            upTime = _upTime.Token;
        }

        if (!path.EndsWith("/AllocateSerials", StringComparison.Ordinal))
        {
            var call = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, upTime);
            try
            {
                var passed = await central.SendAsync(request, call.Token);
                var breaking = new BreakingContent(passed.Content, call, upTime);
                foreach (var header in passed.Content.Headers)
                {
                    breaking.Headers.TryAddWithoutValidation(header.Key, header.Value);
                }

                passed.Content = breaking;
                call = null;
                return passed;
            }
            finally
            {
                call?.Dispose();
            }
        }

        var body = await request.Content!.ReadAsByteArrayAsync(cancellationToken);
        lock (_lock)
        {
            AllocationRequestIds.Add(AllocateSerialsRequest.Parser.ParseFrom(body.AsSpan(5)).RequestId);
        }

        var copy = new ByteArrayContent(body);
        foreach (var header in request.Content.Headers)
        {
            copy.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        request.Content = copy;
        var response = await central.SendAsync(request, cancellationToken);
        var answer = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        if (answer.Length > 5)
        {
            lock (_lock)
            {
                AllocationAnswers.Add(AllocateSerialsResponse.Parser.ParseFrom(answer.AsSpan(5)));
            }
        }

        if (Interlocked.Decrement(ref _loseAllocationAnswers) >= 0)
        {
            response.Dispose();
            throw new HttpRequestException("Connection reset (answer lost after central gave it)");
        }

        Interlocked.Increment(ref _loseAllocationAnswers);
        var replay = new HttpResponseMessage(response.StatusCode) { Version = response.Version, Content = new ByteArrayContent(answer) };
        foreach (var header in response.Headers)
        {
            replay.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        foreach (var header in response.Content.Headers)
        {
            replay.Content.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        foreach (var header in response.TrailingHeaders)
        {
            replay.TrailingHeaders.TryAddWithoutValidation(header.Key, header.Value);
        }

        response.Dispose();
        return replay;
    }

    /// <summary>A response body that fails like a reset connection once central goes down.</summary>
    private sealed class BreakingContent(HttpContent inner, IDisposable call, CancellationToken upTime) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) =>
            await inner.CopyToAsync(stream);

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }

        protected override async Task<Stream> CreateContentReadStreamAsync() => new BreakingStream(await inner.ReadAsStreamAsync(), upTime);

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
                call.Dispose();
            }

            base.Dispose(disposing);
        }
    }

    private sealed class BreakingStream(Stream inner, CancellationToken upTime) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            using var both = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, upTime);
            try
            {
                return await inner.ReadAsync(buffer, both.Token);
            }
            catch (OperationCanceledException) when (upTime.IsCancellationRequested)
            {
                throw new IOException("Connection reset (central went down)");
            }
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count).GetAwaiter().GetResult();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Down();
            _upTime.Dispose();
        }

        base.Dispose(disposing);
    }
}
