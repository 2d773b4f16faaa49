using Traceability.LineAgent.Storage;

namespace Traceability.LineAgent.Host.Hmi;

/// <summary>What the HMI reads and commands: one seam over the store, the pipeline and the central link.</summary>
public interface ILineHmiSource
{
    /// <summary>The line as it is now.</summary>
    HmiSnapshot Snapshot();

    /// <summary>Completes at the next change the source hears of (a verdict, a state change, a command).</summary>
    Task WaitForChangeAsync(CancellationToken cancellationToken);

    /// <summary>Starts a Planned work order or resumes a Paused one, and the line with it when a pipeline is idle.</summary>
    /// <exception cref="KeyNotFoundException">No such work order.</exception>
    /// <exception cref="InvalidOperationException">The work order cannot start now (the message says why).</exception>
    Task<WorkOrderRecord> StartAsync(string workOrderId, OperatorAction action, CancellationToken cancellationToken);

    /// <summary>Pauses a running work order; the line stops taking units for it first.</summary>
    /// <exception cref="KeyNotFoundException">No such work order.</exception>
    /// <exception cref="InvalidOperationException">The work order is not Running.</exception>
    Task<WorkOrderRecord> PauseAsync(string workOrderId, OperatorAction action, CancellationToken cancellationToken);

    /// <summary>Closes a work order (reconciled); through the pipeline when it is running that order.</summary>
    /// <exception cref="KeyNotFoundException">No such work order.</exception>
    /// <exception cref="InvalidOperationException">The close is refused (units await a verdict, a case is open…).</exception>
    Task<WorkOrderRecord> CloseAsync(string workOrderId, OperatorAction action, CancellationToken cancellationToken);

    /// <summary>Creates a work order on the line (Planned), with an audit record of who and why.</summary>
    /// <exception cref="ArgumentException">The spec is invalid (the message names the field).</exception>
    /// <exception cref="InvalidOperationException">A work order with this id is already on the line.</exception>
    Task<WorkOrderRecord> CreateAsync(WorkOrderSpec spec, OperatorAction action, CancellationToken cancellationToken);

    /// <summary>Writes a refused engineer action to the audit trail (who tried what, on what, and why it was refused).</summary>
    Task RecordRefusedAsync(OperatorAction action, string what, string subject, CancellationToken cancellationToken);
}
