using Grpc.Core;
using Microsoft.Extensions.Logging;
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
    private readonly LineStore _store;
    private readonly CentralConnection _connection;
    private readonly CentralOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    internal WorkOrderDownload(LineStore store, CentralConnection connection, CentralOptions options, TimeProvider time, ILogger logger)
    {
        _store = store;
        _connection = connection;
        _options = options;
        _time = time;
        _logger = logger;
    }

    /// <summary>Downloads every <see cref="CentralOptions.WorkOrderPollInterval"/> until stopped.</summary>
    public Task RunAsync(CancellationToken stoppingToken) =>
        Periodic.RunAsync(_options.WorkOrderPollInterval, _time, async ct => await DownloadAsync(ct), e => CentralLog.CallFailed(_logger, _store.LineId, "work order download", CentralConnection.Describe(e)), stoppingToken);

    /// <summary>One download.</summary>
    /// <returns>Work orders that were new or changed; null when central could not be asked.</returns>
    public async Task<int?> DownloadAsync(CancellationToken cancellationToken)
    {
        GetWorkOrdersResponse response;
        try
        {
            response = await _connection.Client.GetWorkOrdersAsync(new GetWorkOrdersRequest { LineId = _store.LineId }, _connection.Unary(cancellationToken));
        }
        catch (RpcException e) when (!cancellationToken.IsCancellationRequested)
        {
            CentralLog.CallFailed(_logger, _store.LineId, "GetWorkOrders", CentralConnection.Describe(e));
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
                if (await _store.CommitAsync(tx => tx.ReceiveWorkOrder(spec), cancellationToken))
                {
                    stored++;
                    CentralLog.WorkOrderReceived(_logger, _store.LineId, spec.Id);
                }
            }
            catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException)
            {
                CentralLog.AnswerRefused(_logger, _store.LineId, $"GetWorkOrders (work order '{order.WorkOrderId}')", e.Message);
            }
        }

        return stored;
    }
}
