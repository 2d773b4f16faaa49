using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Traceability.LineAgent.Devices.Transport;

namespace Traceability.LineAgent.Devices.Printers;

/// <summary>
/// A Zebra (ZPL II) printer over any <see cref="IStreamConnector"/>: TCP port 9100, a serial port, or a replay.
/// Sends each job's ZPL once; asks ~HS for status; reconnects with backoff when the printer hangs up.
/// </summary>
public sealed class ZplPrinter : IPrinter
{
    private static readonly byte[] HostStatusQuery = "~HS"u8.ToArray();

    private readonly IStreamConnector _connector;
    private readonly ZplPrinterOptions _options;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly ReconnectBackoff _backoff;
    [SuppressMessage("Reliability", "CA2213:Disposable fields should be disposed", Justification = "Only WaitAsync/Release are used (no wait handle); it stays usable after disposal so that a second dispose, or a print queued behind the dispose, enters and sees the printer disposed (DisposeAsync).")]
    private readonly SemaphoreSlim _gate = new(1, 1);

    // Ids sent, or possibly sent (outcome unknown): either way a second copy needs Reprint.
    private readonly HashSet<string> _sent = new(StringComparer.Ordinal);
    private PrinterConnection? _connection;
    private volatile int _state = (int)DeviceConnectionState.Disconnected;
    private bool _disposed;

    /// <summary>Creates the driver; nothing is opened until the first call.</summary>
    public ZplPrinter(IStreamConnector connector, ZplPrinterOptions? options = null, TimeProvider? timeProvider = null, ILogger<ZplPrinter>? logger = null)
    {
        _connector = connector ?? throw new ArgumentNullException(nameof(connector));
        _options = options ?? new ZplPrinterOptions();
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger<ZplPrinter>.Instance;
        _backoff = new ReconnectBackoff(_options.ReconnectInitial, _options.ReconnectMaximum, _timeProvider);
    }

    /// <inheritdoc />
    public string Description => _connector.Description;

    /// <inheritdoc />
    public DeviceConnectionState State
    {
        get => (DeviceConnectionState)_state;
        private set => _state = (int)value;
    }

    /// <inheritdoc />
    public async Task<PrinterStatus> QueryStatusAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return await QueryStatusCoreAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public async Task PrintAsync(PrintJob job, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!job.Reprint && _sent.Contains(job.Id))
            {
                PrinterLog.Duplicate(_logger, Description, job.Id);
                throw new DuplicatePrintException(
                    $"{Description}: job {job.Id} was sent before (or may have been); set Reprint to print it again.", job.Id);
            }

            if (_options.CheckStatusBeforePrint)
            {
                var status = await QueryStatusCoreAsync(cancellationToken).ConfigureAwait(false);
                if (!status.IsReady)
                {
                    var conditions = string.Join(", ", status.Conditions);
                    PrinterLog.NotReady(_logger, Description, job.Id, conditions);
                    throw new PrinterNotReadyException($"{Description}: {conditions}", status);
                }
            }

            var connection = await EnsureConnectedAsync(cancellationToken).ConfigureAwait(false);
            var bytes = Encoding.UTF8.GetBytes(job.Zpl);
            using var timeout = new CancellationTokenSource(_options.WriteTimeout, _timeProvider);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            try
            {
                await connection.Stream.WriteAsync(bytes, linked.Token).ConfigureAwait(false);
                await connection.Stream.FlushAsync(linked.Token).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // Whatever broke the send, bytes may have left: the outcome is unknown, never retried here.
            catch (Exception e)
#pragma warning restore CA1031
            {
                _sent.Add(job.Id);
                await DropConnectionAsync().ConfigureAwait(false);
                PrinterLog.JobOutcomeUnknown(_logger, Description, job.Id, e);
                var why = e is OperationCanceledException && !cancellationToken.IsCancellationRequested
                    ? string.Create(CultureInfo.InvariantCulture, $"not sent within {_options.WriteTimeout.TotalSeconds:0.###} s")
                    : e.Message;
                throw new PrintOutcomeUnknownException(
                    $"{Description}: job {job.Id}: the send failed part-way ({why}); it may or may not have printed.", job.Id, e);
            }

            _sent.Add(job.Id);
            PrinterLog.JobSent(_logger, Description, job.Id, bytes.Length, job.Reprint);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            if (_connection is not null)
            {
                await _connection.DisposeAsync().ConfigureAwait(false);
                _connection = null;
            }

            State = DeviceConnectionState.Disconnected;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<PrinterStatus> QueryStatusCoreAsync(CancellationToken cancellationToken)
    {
        // A query is safe to repeat, so one hang-up is retried on a fresh connection (unlike a label).
        for (var attempt = 1; ; attempt++)
        {
            var connection = await EnsureConnectedAsync(cancellationToken).ConfigureAwait(false);
            connection.DiscardReceived();
            using var timeout = new CancellationTokenSource(_options.StatusTimeout, _timeProvider);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
            try
            {
                await connection.Stream.WriteAsync(HostStatusQuery, linked.Token).ConfigureAwait(false);
                await connection.Stream.FlushAsync(linked.Token).ConfigureAwait(false);
                var frames = await connection.ReadFramesAsync(3, linked.Token).ConfigureAwait(false);
                return PrinterStatus.Parse(frames[0], frames[1], frames[2]);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // A late answer would be taken for the next query's: start over on a new connection.
                await DropConnectionAsync().ConfigureAwait(false);
                State = DeviceConnectionState.Reconnecting;
                throw new DeviceConnectionException(string.Create(CultureInfo.InvariantCulture,
                    $"{Description}: no answer to ~HS within {_options.StatusTimeout.TotalSeconds:0.###} s."));
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException or InvalidOperationException && !cancellationToken.IsCancellationRequested)
            {
                await DropConnectionAsync().ConfigureAwait(false);
                PrinterLog.ConnectionLost(_logger, Description);
                if (attempt >= 2)
                {
                    State = DeviceConnectionState.Reconnecting;
                    throw new DeviceConnectionException($"{Description}: the connection failed during ~HS: {e.Message}", e);
                }
            }
        }
    }

    private async Task<PrinterConnection> EnsureConnectedAsync(CancellationToken cancellationToken)
    {
        if (_connection is { IsBroken: false } live)
        {
            return live;
        }

        if (_connection is not null)
        {
            PrinterLog.ConnectionLost(_logger, Description);
            await DropConnectionAsync().ConfigureAwait(false);
            State = DeviceConnectionState.Reconnecting;
        }
        else if (State is DeviceConnectionState.Disconnected)
        {
            State = DeviceConnectionState.Connecting;
        }

        var attempts = Math.Max(1, _options.MaxConnectAttempts);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var stream = await _connector.ConnectAsync(cancellationToken).ConfigureAwait(false);
                _connection = new PrinterConnection(stream);
                _backoff.Reset();
                State = DeviceConnectionState.Connected;
                PrinterLog.Connected(_logger, Description);
                return _connection;
            }
            catch (DeviceConnectionException e)
            {
                PrinterLog.ConnectFailed(_logger, Description, attempt, e);
                if (attempt >= attempts)
                {
                    State = DeviceConnectionState.Faulted;
                    throw;
                }

                State = DeviceConnectionState.Reconnecting;
                await _backoff.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private async Task DropConnectionAsync()
    {
        if (_connection is { } connection)
        {
            _connection = null;
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }
}
