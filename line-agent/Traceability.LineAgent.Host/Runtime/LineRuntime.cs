using System.Diagnostics.CodeAnalysis;
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
/// <remarks>
/// A pipeline runs its work order once: pausing stops it (the units on their way get their verdicts and are packed)
/// and starting the order again runs a new pipeline over the same store, which continues the order where it stood
/// (issued count, open case and pallet, serial pool). Start, pause and close take one gate, so two commands never
/// interleave.
/// </remarks>
public sealed class LineRuntime(
    LineStore store, IPrinter printer, ICodeReader reader, CentralLink central, PipelineOptions pipelineOptions,
    TimeProvider timeProvider, ILoggerFactory loggers, CodeSigner? signer = null) : IAsyncDisposable
{
    [SuppressMessage("Reliability", "CA2213:Disposable fields should be disposed", Justification = "Only WaitAsync/Release are used (no wait handle); it stays usable after disposal so that a late stop sees the runtime disposed (DisposeAsync).")]
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

    /// <summary>
    /// Starts a work order the store holds (Planned, Paused or already Running) and runs its pipeline. Starting the
    /// order the line already runs returns its pipeline; a Paused order continues where it stood.
    /// </summary>
    /// <exception cref="KeyNotFoundException">No such work order.</exception>
    /// <exception cref="InvalidOperationException">The PLC is not connected yet, another work order runs, or the store refuses the start.</exception>
    /// <exception cref="ObjectDisposedException">The runtime is disposed (the agent is stopping).</exception>
    public async Task<LinePipeline> StartWorkOrderAsync(string workOrderId, OperatorAction action, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // A command queued behind the disposal must not run a pipeline (or write to the store) the host closes next.
            ObjectDisposedException.ThrowIf(_disposed, this);
            var record = store.FindWorkOrder(workOrderId) ?? throw new KeyNotFoundException($"Work order '{workOrderId}' is not on this line.");
            if (Running is { } running)
            {
                return running.WorkOrderId == workOrderId && record.State == WorkOrderState.Running
                    ? running
                    : throw new InvalidOperationException($"Work order '{running.WorkOrderId}' is running on this line; pause or close it before starting '{workOrderId}'.");
            }

            var plc = _plc ?? throw new InvalidOperationException($"The PLC is not connected yet; work order '{workOrderId}' cannot start.");
            if (record.State != WorkOrderState.Running)
            {
                await store.CommitAsync(tx => tx.StartWorkOrder(workOrderId, action), cancellationToken).ConfigureAwait(false);
            }

            await DisposePipelineAsync().ConfigureAwait(false);
            var pipeline = new LinePipeline(store, plc, printer, reader, pipelineOptions, signer, timeProvider, loggers.CreateLogger<LinePipeline>());
            try
            {
                await pipeline.StartAsync(workOrderId, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                await pipeline.DisposeAsync().ConfigureAwait(false);
                throw;
            }

            _pipeline = pipeline;
            return pipeline;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Pauses a Running work order: its pipeline stops first (the units on their way get their verdicts and are
    /// packed), then the order is Paused in the store. <see cref="StartWorkOrderAsync"/> continues it.
    /// </summary>
    /// <exception cref="KeyNotFoundException">No such work order.</exception>
    /// <exception cref="InvalidOperationException">The order is not Running.</exception>
    public async Task<WorkOrderRecord> PauseWorkOrderAsync(string workOrderId, OperatorAction action, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var order = store.FindWorkOrder(workOrderId) ?? throw new KeyNotFoundException($"Work order '{workOrderId}' is not on this line.");
            if (order.State != WorkOrderState.Running)
            {
                throw new InvalidOperationException($"Work order '{workOrderId}' is {order.State}; only a Running order can pause.");
            }

            if (_pipeline is { } pipeline && pipeline.WorkOrderId == workOrderId)
            {
                await pipeline.StopAsync(cancellationToken).ConfigureAwait(false);
                await DisposePipelineAsync().ConfigureAwait(false);
            }

            return await store.CommitAsync(tx => tx.PauseWorkOrder(workOrderId, action), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Closes a work order (reconciled): through its pipeline when the line runs it (the last units get their verdicts,
    /// the partial case and pallet are closed), else in the store.
    /// </summary>
    /// <exception cref="KeyNotFoundException">No such work order.</exception>
    /// <exception cref="InvalidOperationException">The store refuses the close (units without a verdict, a case open…).</exception>
    public async Task<WorkOrderRecord> CloseWorkOrderAsync(string workOrderId, OperatorAction action, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _ = store.FindWorkOrder(workOrderId) ?? throw new KeyNotFoundException($"Work order '{workOrderId}' is not on this line.");
            if (_pipeline is { State: PipelineState.Running or PipelineState.PrinterFault } pipeline && pipeline.WorkOrderId == workOrderId)
            {
                var closed = await pipeline.CloseWorkOrderAsync(action, cancellationToken).ConfigureAwait(false);
                await DisposePipelineAsync().ConfigureAwait(false);
                return closed;
            }

            return await store.CommitAsync(tx => tx.CloseWorkOrder(workOrderId, action), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Closes the running work order (reconciled) and stops its pipeline.</summary>
    /// <exception cref="InvalidOperationException">No work order runs, or the close does not reconcile.</exception>
    public Task<WorkOrderRecord> CloseWorkOrderAsync(OperatorAction action, CancellationToken cancellationToken)
    {
        var pipeline = _pipeline ?? throw new InvalidOperationException("No work order is running.");
        return CloseWorkOrderAsync(pipeline.WorkOrderId!, action, cancellationToken);
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
            if (!_disposed && _pipeline is { } pipeline)
            {
                await pipeline.StopAsync(cancellationToken).ConfigureAwait(false);
                await DisposePipelineAsync().ConfigureAwait(false);
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
        // A host stop may still be under way on another thread (a test server's factory stops the host while its
        // container disposes the runtime): wait for it, so that the pipeline is disposed once and the gate is never
        // used after disposal. The gate itself is not disposed: nothing waits on its handle, and a late caller must
        // still be able to enter and see that the runtime is disposed.
        await _gate.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            if (_pipeline is not null)
            {
                await _pipeline.DisposeAsync().ConfigureAwait(false);
                _pipeline = null;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    // A pipeline that still runs (Running, PrinterFault, Closing); a Stopped or Faulted one no longer holds the line.
    private LinePipeline? Running => _pipeline is { State: not (PipelineState.Stopped or PipelineState.Faulted or PipelineState.Idle) } p ? p : null;

    private async Task DisposePipelineAsync()
    {
        if (_pipeline is { } old)
        {
            _pipeline = null;
            await old.DisposeAsync().ConfigureAwait(false);
        }
    }
}
