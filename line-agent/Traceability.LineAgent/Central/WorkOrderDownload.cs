using Grpc.Core;
using Traceability.Contracts.Line.V1;
using Traceability.Core.Gs1;
using Traceability.LineAgent.Storage;

namespace Traceability.LineAgent.Central;

/// <summary>
/// Asks central for this line's work orders at start and then periodically, and stores each in the line store
/// (Planned; the same order again changes nothing, a changed Planned order is updated, a started one is kept).
/// </summary>
public sealed class WorkOrderDownload
{
    private readonly CentralCalls _central;

    internal WorkOrderDownload(CentralCalls central) => _central = central;

    /// <summary>Downloads every <see cref="CentralOptions.WorkOrderPollInterval"/> until stopped.</summary>
    public Task RunAsync(CancellationToken stoppingToken) =>
        _central.EveryAsync(_central.Options.WorkOrderPollInterval, "work order download", async ct => await DownloadAsync(ct), stoppingToken);

    /// <summary>One download.</summary>
    /// <returns>Work orders that were new or changed; null when central could not be asked.</returns>
    public async Task<int?> DownloadAsync(CancellationToken cancellationToken)
    {
        GetWorkOrdersResponse response;
        try
        {
            response = await _central.Connection.Client.GetWorkOrdersAsync(new GetWorkOrdersRequest { LineId = _central.Store.LineId }, _central.Connection.Unary(cancellationToken));
        }
        catch (RpcException e) when (!cancellationToken.IsCancellationRequested)
        {
            _central.CallFailed("GetWorkOrders", e);
            return null;
        }

        var stored = 0;
        foreach (var order in response.WorkOrders)
        {
            // One commit per order: a bad or conflicting order is refused alone, the others still arrive.
            try
            {
                var spec = new WorkOrderSpec(
                    order.WorkOrderId, Gtin.Parse(order.Gtin), order.Lot, order.Expiry, order.Quantity, order.UnitsPerCase, order.CasesPerPallet);
                if (await _central.Store.CommitAsync(tx => tx.ReceiveWorkOrder(spec), cancellationToken))
                {
                    stored++;
                    CentralLog.WorkOrderReceived(_central.Logger, _central.Store.LineId, spec.Id);
                }
            }
            catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException)
            {
                CentralLog.AnswerRefused(_central.Logger, _central.Store.LineId, $"GetWorkOrders (work order '{order.WorkOrderId}')", e.Message);
            }
        }

        return stored;
    }
}
