using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Traceability.Contracts.Line.V1;
using Traceability.LineAgent.Storage;

namespace Traceability.LineAgent.Central;

/// <summary>Tells central every few seconds how the line is: its state, outbox position and backlog, and its devices.</summary>
public sealed class HeartbeatSender
{
    private readonly LineStore _store;
    private readonly CentralConnection _connection;
    private readonly CentralLinkStatus _status;
    private readonly ILineStatusProvider _line;
    private readonly CentralOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    internal HeartbeatSender(
        LineStore store, CentralConnection connection, CentralLinkStatus status, ILineStatusProvider line, CentralOptions options, TimeProvider time, ILogger logger)
    {
        _store = store;
        _connection = connection;
        _status = status;
        _line = line;
        _options = options;
        _time = time;
        _logger = logger;
    }

    /// <summary>Sends every <see cref="CentralOptions.HeartbeatInterval"/> until stopped.</summary>
    public Task RunAsync(CancellationToken stoppingToken) =>
        Periodic.RunAsync(_options.HeartbeatInterval, _time, async ct => await SendAsync(ct), e => CentralLog.CallFailed(_logger, _store.LineId, "heartbeat", CentralConnection.Describe(e)), stoppingToken);

    /// <summary>One heartbeat; false when central could not be reached (the stream's state says why).</summary>
    public async Task<bool> SendAsync(CancellationToken cancellationToken)
    {
        var line = _line.Current();
        var request = new HeartbeatRequest
        {
            LineId = _store.LineId,
            At = Timestamp.FromDateTimeOffset(_time.GetUtcNow()),
            State = line.State,
            LastSequence = _store.Outbox.DurableSequence,
            OutboxPending = _store.Outbox.PendingCount,
        };
        foreach (var (device, state) in line.Devices)
        {
            request.Devices[device] = state;
        }

        try
        {
            await _connection.Client.HeartbeatAsync(request, _connection.Unary(cancellationToken));
            _status.HeartbeatAnswered(_time.GetUtcNow());
            return true;
        }
        catch (RpcException e) when (!cancellationToken.IsCancellationRequested)
        {
            // Debug only: the event stream logs the link going down once; a heartbeat every few seconds must not.
            CentralLog.HeartbeatFailed(_logger, _store.LineId, e.StatusCode, e.Status.Detail);
            return false;
        }
    }
}
