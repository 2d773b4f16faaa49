using Microsoft.Extensions.Options;
using Traceability.Core.Authentication;
using Traceability.LineAgent.Central;
using Traceability.LineAgent.Devices.Plc;
using Traceability.LineAgent.Devices.Printers;
using Traceability.LineAgent.Devices.Readers;
using Traceability.LineAgent.Pipeline;
using Traceability.LineAgent.Storage;

namespace Traceability.LineAgent.Host.Runtime;

/// <summary>
/// The running line as the HMI and tools see it: the store, the devices, the link to central and the pipeline of the
/// work order being run (one pipeline per work order, so it is held here rather than registered itself).
/// </summary>
public sealed class LineRuntime(
    LineStore store, ZplPrinter printer, CodeReader reader, CentralLink central, IOptions<PipelineOptions> pipelineOptions,
    TimeProvider timeProvider, ILoggerFactory loggers, CodeSigner? signer = null) : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile IPlc? _plc;
    private volatile LinePipeline? _pipeline;
    private volatile bool _disposed;

    /// <summary>The line store.</summary>
    public LineStore Store => store;

    /// <summary>The label printer.</summary>
    public IPrinter Printer => printer;

    /// <summary>The code reader.</summary>
    public ICodeReader Reader => reader;

    /// <summary>The link to central.</summary>
    public CentralLink Central => central;

    /// <summary>The PLC, once connected (null before).</summary>
    public IPlc? Plc => _plc;

    /// <summary>The pipeline of the work order being run; null when none runs.</summary>
    public LinePipeline? Pipeline => _pipeline;

    /// <summary>Set once the PLC is connected; a work order can start from then on.</summary>
    internal void AttachPlc(IPlc plc) => _plc = plc;

    /// <summary>Starts a work order the store holds (Planned, Paused or already Running) and runs its pipeline.</summary>
    /// <exception cref="InvalidOperationException">The PLC is not connected yet, or another work order runs.</exception>
    public async Task<LinePipeline> StartWorkOrderAsync(string workOrderId, OperatorAction action, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var plc = _plc ?? throw new InvalidOperationException("The PLC is not connected yet.");
            if (_pipeline is { } running && running.State is not (PipelineState.Stopped or PipelineState.Faulted))
            {
                throw new InvalidOperationException($"Work order {running.WorkOrderId} is running; close it first.");
            }

            var record = store.FindWorkOrder(workOrderId) ?? throw new KeyNotFoundException($"No work order {workOrderId} on this line.");
            if (record.State != WorkOrderState.Running)
            {
                await store.CommitAsync(tx => tx.StartWorkOrder(workOrderId, action), cancellationToken).ConfigureAwait(false);
            }

            if (_pipeline is { } old)
            {
                await old.DisposeAsync().ConfigureAwait(false);
            }

            var pipeline = new LinePipeline(store, plc, printer, reader, pipelineOptions.Value, signer, timeProvider, loggers.CreateLogger<LinePipeline>());
            await pipeline.StartAsync(workOrderId, cancellationToken).ConfigureAwait(false);
            _pipeline = pipeline;
            return pipeline;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Closes the running work order (reconciled) and stops its pipeline.</summary>
    /// <exception cref="InvalidOperationException">No work order runs, or the close does not reconcile.</exception>
    public async Task<WorkOrderRecord> CloseWorkOrderAsync(OperatorAction action, CancellationToken cancellationToken)
    {
        var pipeline = _pipeline ?? throw new InvalidOperationException("No work order is running.");
        return await pipeline.CloseWorkOrderAsync(action, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stops the pipeline, letting the units on their way get their verdicts and be packed (no unit left half-recorded).</summary>
    internal async Task StopPipelineAsync(CancellationToken cancellationToken)
    {
        // The host may stop again after the container disposed the runtime (a test server disposes its host, then the
        // factory stops it once more): nothing runs any more, so there is nothing to stop.
        if (_disposed)
        {
            return;
        }

        await _gate.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            if (_pipeline is { } pipeline)
            {
                await pipeline.StopAsync(cancellationToken).ConfigureAwait(false);
                await pipeline.DisposeAsync().ConfigureAwait(false);
                _pipeline = null;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (_pipeline is not null)
        {
            await _pipeline.DisposeAsync().ConfigureAwait(false);
        }

        _gate.Dispose();
    }
}
