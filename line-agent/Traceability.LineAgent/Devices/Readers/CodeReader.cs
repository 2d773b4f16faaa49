using System.Diagnostics.CodeAnalysis;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Traceability.LineAgent.Devices.Transport;

namespace Traceability.LineAgent.Devices.Readers;

/// <summary>
/// The fixed-mount reader driver: connects through an <see cref="IStreamConnector"/> (serial, TCP or a replayed capture),
/// frames the bytes, and queues typed events stamped by the <see cref="TimeProvider"/>. Any exception from the stream
/// counts as a disconnect (a dead pty throws ObjectDisposedException or ArgumentOutOfRangeException, not IOException).
/// </summary>
public sealed class CodeReader : ICodeReader
{
    private readonly IStreamConnector _connector;
    private readonly ReaderFraming _framing;
    private readonly ReaderFrameDecoder _decoder;
    private readonly byte[] _trigger;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ReconnectBackoff _backoff;
    private readonly Channel<ReaderEvent> _events = Channel.CreateUnbounded<ReaderEvent>(new UnboundedChannelOptions { SingleWriter = true });
    private readonly CancellationTokenSource _stopping = new();
    [SuppressMessage("Reliability", "CA2213:Disposable fields should be disposed", Justification = "Only WaitAsync/Release are used (no wait handle); a trigger still in a write when the reader is disposed releases it afterwards (DisposeAsync).")]
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private int _disposed;
    private Task _loop = Task.CompletedTask;
    private volatile Stream? _stream;
    private volatile int _state = (int)DeviceConnectionState.Disconnected;

    /// <summary>Creates the driver; call <see cref="Start"/> to connect.</summary>
    public CodeReader(
        IStreamConnector connector,
        ReaderFraming framing,
        string noReadToken = "NOREAD",
        ReadOnlyMemory<byte> triggerCommand = default,
        TimeProvider? timeProvider = null,
        ILogger<CodeReader>? logger = null,
        TimeSpan? reconnectInitialDelay = null,
        TimeSpan? reconnectMaximumDelay = null)
    {
        ArgumentNullException.ThrowIfNull(connector);
        ArgumentNullException.ThrowIfNull(framing);
        ArgumentNullException.ThrowIfNull(noReadToken);
        _connector = connector;
        _framing = framing;
        _decoder = new ReaderFrameDecoder(framing, noReadToken);
        _trigger = triggerCommand.ToArray();
        _time = timeProvider ?? TimeProvider.System;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _backoff = new ReconnectBackoff(reconnectInitialDelay ?? TimeSpan.FromMilliseconds(200), reconnectMaximumDelay ?? TimeSpan.FromSeconds(10), _time);
    }

    /// <summary>Creates the driver from bound options.</summary>
    public static CodeReader Create(CodeReaderOptions options, TimeProvider? timeProvider = null, ILogger<CodeReader>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new CodeReader(
            StreamConnectors.Create(DeviceEndpoint.Parse(options.Endpoint)),
            ReaderFraming.Parse(options.Framing),
            options.NoReadToken,
            options.TriggerBytes(),
            timeProvider,
            logger,
            options.ReconnectInitialDelay,
            options.ReconnectMaximumDelay);
    }

    /// <inheritdoc />
    public DeviceConnectionState State => (DeviceConnectionState)_state;

    /// <summary>The framing in use.</summary>
    public ReaderFraming Framing => _framing;

    /// <inheritdoc />
    public void Start()
    {
        if (Interlocked.CompareExchange(ref _state, (int)DeviceConnectionState.Connecting, (int)DeviceConnectionState.Disconnected) == (int)DeviceConnectionState.Disconnected)
        {
            _loop = Task.Run(() => RunAsync(_stopping.Token));
        }
    }

    /// <inheritdoc />
    public IAsyncEnumerable<ReaderEvent> ReadAllAsync(CancellationToken cancellationToken) => _events.Reader.ReadAllAsync(cancellationToken);

    /// <inheritdoc />
    public async ValueTask TriggerAsync(CancellationToken cancellationToken)
    {
        if (_trigger.Length == 0)
        {
            throw new InvalidOperationException($"Reader {_connector.Description} has no trigger command configured.");
        }

        var stream = _stream ?? throw new DeviceConnectionException($"{_connector.Description}: cannot trigger, the reader is {State}.");
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await stream.WriteAsync(_trigger, cancellationToken).ConfigureAwait(false);
            await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
            ReaderLog.Triggered(_logger, _connector.Description);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new DeviceConnectionException($"{_connector.Description}: the trigger command could not be sent: {e.Message}", e);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);

        // Some streams (a serial port on Unix) do not wake a pending read on cancellation; closing the stream does.
        await CloseStreamAsync().ConfigureAwait(false);
        try
        {
            await _loop.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // stopping
        }

        _state = (int)DeviceConnectionState.Disconnected;
        _events.Writer.TryComplete();
        _stopping.Dispose();
    }

    private async Task RunAsync(CancellationToken stopping)
    {
        var buffer = new byte[4096];
        while (!stopping.IsCancellationRequested)
        {
            Stream stream;
            try
            {
                stream = await _connector.ConnectAsync(stopping).ConfigureAwait(false);
            }
            catch (Exception) when (stopping.IsCancellationRequested)
            {
                // Disposed while connecting: a connect that failed meanwhile is no fault of the reader's.
                break;
            }
            catch (Exception e)
            {
                ReaderLog.ConnectFailed(_logger, _connector.Description, e);
                _state = (int)DeviceConnectionState.Reconnecting;
                await _backoff.WaitAsync(stopping).ConfigureAwait(false);
                continue;
            }

            _stream = stream;
            if (stopping.IsCancellationRequested)
            {
                // Opened as the reader was disposed, after the dispose looked for a stream to close: close it here, as
                // a read that ignores cancellation (a serial port on Unix) would never end.
                await CloseStreamAsync().ConfigureAwait(false);
                break;
            }

            _state = (int)DeviceConnectionState.Connected;
            _backoff.Reset();
            ReaderLog.Connected(_logger, _connector.Description);
            Exception? cause = null;
            try
            {
                while (true)
                {
                    var n = await stream.ReadAsync(buffer, stopping).ConfigureAwait(false);
                    if (n == 0)
                    {
                        break;
                    }

                    var at = _time.GetUtcNow();
                    _decoder.Feed(buffer.AsSpan(0, n), outcome => Publish(outcome.ToEvent(at)));
                }
            }
            catch (Exception) when (stopping.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                cause = e;
            }
            finally
            {
                await CloseStreamAsync().ConfigureAwait(false);
            }

            _decoder.Reset();
            _state = (int)DeviceConnectionState.Reconnecting;
            ReaderLog.Disconnected(_logger, _connector.Description, cause);
            await _backoff.WaitAsync(stopping).ConfigureAwait(false);
        }
    }

    private void Publish(ReaderEvent e)
    {
        if (e is ReaderEvent.Garbled garbled)
        {
            ReaderLog.Garbled(_logger, _connector.Description, garbled.Reason, Convert.ToHexString(garbled.Raw));
        }

        _events.Writer.TryWrite(e);
    }

    private async ValueTask CloseStreamAsync()
    {
        var stream = Interlocked.Exchange(ref _stream, null);
        if (stream is null)
        {
            return;
        }

        try
        {
            await stream.DisposeAsync().ConfigureAwait(false);
        }
#pragma warning disable CA1031 // A dead serial port can throw anything on close; the link is gone either way.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }
}
