using Grpc.Core;
using Traceability.Contracts.Line.V1;
using Traceability.Core.Gs1;
using Traceability.LineAgent.Storage;
using CoreSerial = Traceability.Core.Serials.Serial;
using CoreSerialBlock = Traceability.Core.Serials.SerialBlock;

namespace Traceability.LineAgent.Central;

/// <summary>
/// Keeps the serial pool of the running and planned work orders' GTINs above the low-water mark. The request id is
/// committed before the call, so a retry after a crash or a lost answer asks for the same block, and the block and
/// the request's end are stored in one transaction. Offline, the line runs on what its pool holds.
/// </summary>
public sealed class PoolRefiller
{
    private readonly CentralCalls _central;

    internal PoolRefiller(CentralCalls central) => _central = central;

    /// <summary>Checks the pools every <see cref="CentralOptions.PoolCheckInterval"/> until stopped.</summary>
    public Task RunAsync(CancellationToken stoppingToken) =>
        _central.EveryAsync(_central.Options.PoolCheckInterval, "pool refill", async ct => await RefillAsync(ct), stoppingToken);

    /// <summary>One round: every GTIN below the low-water mark gets one block (or the answer to its open request).</summary>
    /// <returns>Whether every pool that needed serials got them.</returns>
    public async Task<bool> RefillAsync(CancellationToken cancellationToken)
    {
        var complete = true;
        foreach (var gtin in GtinsToSupply())
        {
            var status = _central.Store.PoolStatus(gtin);
            if (status.Remaining >= _central.Options.PoolLowWaterMark)
            {
                continue;
            }

            complete &= await RequestBlockAsync(gtin, status.Remaining, cancellationToken);
        }

        return complete;
    }

    // The running order first, then paused and planned ones (the next to run), each GTIN once.
    private IEnumerable<Gtin> GtinsToSupply() => _central.Store.WorkOrders()
        .Where(o => o.State != WorkOrderState.Closed)
        .OrderBy(o => o.State switch { WorkOrderState.Running => 0, WorkOrderState.Paused => 1, _ => 2 })
        .Select(o => o.Spec.Gtin)
        .Distinct();

    private async Task<bool> RequestBlockAsync(Gtin gtin, long remaining, CancellationToken cancellationToken)
    {
        // Durable before the call: a crash after central answered must not make the retry ask for a second block.
        var request = await _central.Store.CommitAsync(tx => tx.OpenSerialRequest(gtin, _central.Options.PoolBlockSize), cancellationToken);
        CentralLog.RequestingSerials(_central.Logger, _central.Store.LineId, request.Count, gtin.Value, remaining, request.RequestId);
        AllocateSerialsResponse response;
        try
        {
            response = await _central.Connection.Client.AllocateSerialsAsync(
                new AllocateSerialsRequest { LineId = _central.Store.LineId, Gtin = gtin.Value, Count = request.Count, RequestId = request.RequestId },
                _central.Connection.Unary(cancellationToken));
        }
        catch (RpcException e) when (!cancellationToken.IsCancellationRequested)
        {
            _central.CallFailed("AllocateSerials", e);
            return false;
        }

        CoreSerialBlock block;
        try
        {
            var wire = response.Block ?? throw new InvalidOperationException("the answer holds no block");
            block = new CoreSerialBlock(Gtin.Parse(wire.Gtin), wire.BlockId, [.. wire.Serials.Select(CoreSerial.Parse)]);
        }
        catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException)
        {
            CentralLog.AnswerRefused(_central.Logger, _central.Store.LineId, "AllocateSerials", e.Message);
            return false;
        }

        try
        {
            await _central.Store.CommitAsync(tx => tx.CompleteSerialRequest(request, block), cancellationToken);
        }
        catch (InvalidOperationException e)
        {
            // A block with a serial the line already has: refused whole, the request stays open (an alarm in the log).
            CentralLog.AnswerRefused(_central.Logger, _central.Store.LineId, "AllocateSerials", e.Message);
            return false;
        }

        CentralLog.SerialsReceived(_central.Logger, _central.Store.LineId, block.BlockId, block.Count, gtin.Value, request.RequestId);
        return true;
    }
}
