using Grpc.Core;
using Microsoft.Extensions.Logging;
using Traceability.Contracts.Line.V1;
using Traceability.LineAgent.Devices.Transport;
using Traceability.LineAgent.Outbox;
using Traceability.LineAgent.Storage;

namespace Traceability.LineAgent.Central;

/// <summary>
/// Streams the outbox to central over <c>StreamEvents</c>: durable events in sequence order, one batch in flight,
/// and the acknowledgement watermark moved (durably) to central's highest contiguous sequence. On any failure it
/// reconnects with backoff and sends again from the line's watermark; central stores each event id once.
/// </summary>
public sealed class OutboxStreamer
{
    private readonly LineStore _store;
    private readonly CentralConnection _connection;
    private readonly CentralLinkStatus _status;
    private readonly int _batchSize;
    private readonly ReconnectBackoff _backoff;
    private readonly TimeSpan _maxDelay;
    private readonly TimeSpan _ackTimeout;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private string? _lastFailure;

    internal OutboxStreamer(LineStore store, CentralConnection connection, CentralLinkStatus status, CentralOptions options, TimeProvider time, ILogger logger)
    {
        _store = store;
        _connection = connection;
        _status = status;
        _batchSize = options.BatchSize;
        _backoff = new ReconnectBackoff(options.ReconnectInitialDelay, options.ReconnectMaxDelay, time);
        _maxDelay = options.ReconnectMaxDelay;
        _ackTimeout = options.CallTimeout;
        _time = time;
        _logger = logger;
    }

    /// <summary>Runs until <paramref name="stoppingToken"/> is cancelled or the store fails.</summary>
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var delay = TimeSpan.Zero;
            try
            {
                // While retrying, the HMI keeps showing why the link is down rather than flickering to Connecting.
                if (_status.State is CentralLinkState.Stopped)
                {
                    _status.Set(CentralLinkState.Connecting, null);
                }

                await StreamAsync(stoppingToken);
            }
            catch (Exception e) when (stoppingToken.IsCancellationRequested && e is OperationCanceledException or RpcException)
            {
                break;
            }
            catch (LineStoreFaultedException e)
            {
                _status.Set(CentralLinkState.Faulted, e.Message);
                CentralLog.StoreFaulted(_logger, _store.LineId, e);
                return;
            }
            catch (ObjectDisposedException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                delay = Lost(e);
            }

            try
            {
                await Task.Delay(delay, _time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        _status.Set(CentralLinkState.Stopped, null);
    }

    /// <summary>Records why the stream ended (logging once per distinct cause, not per retry); returns the delay before the next try.</summary>
    private TimeSpan Lost(Exception e)
    {
        var error = CentralConnection.Describe(e);
        if (CentralConnection.IsRefusal(e))
        {
            // Nothing changes until someone fixes the key: retry at the slowest pace.
            _status.Set(CentralLinkState.Refused, error);
            if (Changed(error))
            {
                CentralLog.Refused(_logger, _store.LineId, _connection.Url, error, _maxDelay);
            }

            return _maxDelay;
        }

        _status.Set(CentralLinkState.Disconnected, error);
        if (Changed(error))
        {
            CentralLog.Disconnected(_logger, _connection.Url, _store.LineId, CentralLinkState.Disconnected, error, _store.Outbox.PendingCount);
        }

        return _backoff.NextDelay();
    }

    private bool Changed(string failure)
    {
        var changed = failure != _lastFailure;
        _lastFailure = failure;
        return changed;
    }

    private async Task StreamAsync(CancellationToken stoppingToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        using var call = _connection.Client.StreamEvents(_connection.Stream(linked.Token));
        try
        {
            // An empty batch first: central checks the key and answers with its watermark, so the link state is
            // known before there is anything to send.
            await ExchangeAsync(call, new LineEventBatch { LineId = _store.LineId }, [], stoppingToken);
            _backoff.Reset();
            _lastFailure = null;
            _status.Set(CentralLinkState.Connected, null);
            CentralLog.Connected(_logger, _connection.Url, _store.LineId, _store.Outbox.DurableSequence, _store.Outbox.PendingCount);

            // Resend from the line's own watermark, not central's: central may hold more (an ack lost in a crash; it
            // dedupes by event id), but never trust it to skip what this file holds.
            var next = _store.Outbox.AcknowledgedSequence + 1;
            while (true)
            {
                var pending = _store.Outbox.Read(next, _batchSize);
                if (pending.Count == 0)
                {
                    await _store.Outbox.WaitForEventsAsync(next - 1, stoppingToken);
                    continue;
                }

                var batch = new LineEventBatch { LineId = _store.LineId };
                batch.Events.AddRange(pending.Select(e => e.ToEvent()));
                await ExchangeAsync(call, batch, pending, stoppingToken);
                next = pending[^1].Sequence + 1;
            }
        }
        finally
        {
            // Ends the call on both sides whether it broke or the agent stops.
            await linked.CancelAsync();
        }
    }

    /// <summary>Sends one batch and handles its acknowledgement.</summary>
    private async Task ExchangeAsync(
        AsyncDuplexStreamingCall<LineEventBatch, EventAck> call, LineEventBatch batch, IReadOnlyList<OutboxEntry> sent, CancellationToken stoppingToken)
    {
        // A stream whose peer vanished without a reset (a half-open connection) would wait for the ack forever, or
        // block the write once the transport's window is full.
        using var timeout = new CancellationTokenSource(_ackTimeout, _time);
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, timeout.Token);
        bool answered;
        try
        {
            await call.RequestStream.WriteAsync(batch, wait.Token);
            answered = await call.ResponseStream.MoveNext(wait.Token);
        }
        catch (Exception e) when (timeout.IsCancellationRequested && !stoppingToken.IsCancellationRequested && e is OperationCanceledException or RpcException)
        {
            throw new RpcException(new Status(StatusCode.DeadlineExceeded, $"no acknowledgement from central within {_ackTimeout}"));
        }

        if (!answered)
        {
            throw new RpcException(new Status(StatusCode.Unavailable, "central ended the event stream"));
        }

        var ack = call.ResponseStream.Current;
        var now = _time.GetUtcNow();
        foreach (var rejection in ack.Rejected)
        {
            if (_status.Reject(new RejectedEvent(rejection.Sequence, rejection.EventId, rejection.Field, rejection.Reason, now)))
            {
                CentralLog.EventRejected(_logger, _store.LineId, rejection.Sequence, rejection.EventId, rejection.Field, rejection.Reason);
            }
        }

        if (sent.Count == 0)
        {
            return;
        }

        // Only what this stream sent is marked: central's watermark above it came from elsewhere (an earlier run) and
        // the line's outbox, not central, is the record of what the line has.
        var upTo = Math.Min(ack.HighestContiguousSequence, sent[^1].Sequence);

        if (upTo > _store.Outbox.AcknowledgedSequence)
        {
            await _store.Outbox.MarkAcknowledgedAsync(upTo, stoppingToken);
            _status.ClearRejectedUpTo(upTo);
            CentralLog.Acknowledged(_logger, _store.LineId, upTo);
        }
    }
}
