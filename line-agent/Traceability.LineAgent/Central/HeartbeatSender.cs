using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Traceability.Contracts.Line.V1;

namespace Traceability.LineAgent.Central;

/// <summary>Tells central every few seconds how the line is: its state, outbox position and backlog, and its devices.</summary>
public sealed class HeartbeatSender
{
    private readonly CentralCalls _central;
    private readonly CentralLinkStatus _status;
    private readonly ILineStatusProvider _line;

    internal HeartbeatSender(CentralCalls central, CentralLinkStatus status, ILineStatusProvider line)
    {
        _central = central;
        _status = status;
        _line = line;
    }

    /// <summary>Sends every <see cref="CentralOptions.HeartbeatInterval"/> until stopped.</summary>
    public Task RunAsync(CancellationToken stoppingToken) =>
        _central.EveryAsync(_central.Options.HeartbeatInterval, "heartbeat", async ct => await SendAsync(ct), stoppingToken);

    /// <summary>One heartbeat; false when central could not be reached (the stream's state says why).</summary>
    public async Task<bool> SendAsync(CancellationToken cancellationToken)
    {
        var line = _line.Current();
        var request = new HeartbeatRequest
        {
            LineId = _central.Store.LineId,
            At = Timestamp.FromDateTimeOffset(_central.Time.GetUtcNow()),
            State = line.State,
            LastSequence = _central.Store.Outbox.DurableSequence,
            OutboxPending = _central.Store.Outbox.PendingCount,
        };
        foreach (var (device, state) in line.Devices)
        {
            request.Devices[device] = state;
        }

        try
        {
            await _central.Connection.Client.HeartbeatAsync(request, _central.Connection.Unary(cancellationToken));
            _status.HeartbeatAnswered(_central.Time.GetUtcNow());
            return true;
        }
        catch (RpcException e) when (!cancellationToken.IsCancellationRequested)
        {
            // Debug only: the event stream logs the link going down once; a heartbeat every few seconds must not.
            CentralLog.HeartbeatFailed(_central.Logger, _central.Store.LineId, e.StatusCode, e.Status.Detail);
            return false;
        }
    }
}
