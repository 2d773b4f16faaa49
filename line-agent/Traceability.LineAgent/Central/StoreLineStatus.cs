using Traceability.Contracts.Line.V1;
using Traceability.LineAgent.Storage;

namespace Traceability.LineAgent.Central;

/// <summary>
/// The line's state from its work orders alone (Running when one runs, Paused when one is paused, else Idle) and no
/// devices: for an agent whose host has no device view yet, and for tests.
/// </summary>
public sealed class StoreLineStatus(LineStore store) : ILineStatusProvider
{
    private static readonly Dictionary<string, string> NoDevices = [];

    /// <inheritdoc/>
    public LineStatusReport Current()
    {
        var orders = store.WorkOrders();
        var state = orders.Any(o => o.State == WorkOrderState.Running) ? LineState.Running
            : orders.Any(o => o.State == WorkOrderState.Paused) ? LineState.Paused
            : LineState.Idle;
        return new LineStatusReport(state, NoDevices);
    }
}
