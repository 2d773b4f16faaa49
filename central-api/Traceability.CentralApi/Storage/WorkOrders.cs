namespace Traceability.CentralApi.Storage;

/// <summary>Where a work order is in its life: planned by central, released to its line, closed (by the line or a planner).</summary>
public enum WorkOrderState
{
    /// <summary>Planned; the line does not see it yet.</summary>
    Planned,

    /// <summary>Released: the line receives it from GetWorkOrders.</summary>
    Released,

    /// <summary>Closed: finished; never released again.</summary>
    Closed,
}

/// <summary>A work order as central keeps it.</summary>
/// <param name="WorkOrderId">Its id, unique.</param>
/// <param name="LineId">The line that runs it.</param>
/// <param name="Gtin">The product's GTIN, 14 digits.</param>
/// <param name="Lot">The batch/lot number, an AI (10) value.</param>
/// <param name="Expiry">YYMMDD as in AI (17), or <see langword="null"/> when the product has none.</param>
/// <param name="Quantity">Units to make.</param>
/// <param name="UnitsPerCase">Units in one case.</param>
/// <param name="CasesPerPallet">Cases on one pallet.</param>
/// <param name="Model">The product model, as the line shows it (may be empty).</param>
/// <param name="State">Planned, released or closed.</param>
/// <param name="CreatedAt">When central planned it.</param>
public sealed record WorkOrderRecord(
    string WorkOrderId,
    string LineId,
    string Gtin,
    string Lot,
    string? Expiry,
    long Quantity,
    int UnitsPerCase,
    int CasesPerPallet,
    string Model,
    WorkOrderState State,
    DateTimeOffset CreatedAt);

/// <summary>The work-order lifecycle every store applies.</summary>
internal static class WorkOrderLifecycle
{
    private static readonly string[] ToPlanned = [nameof(WorkOrderState.Planned)];
    private static readonly string[] ToReleased = [nameof(WorkOrderState.Planned), nameof(WorkOrderState.Released)];
    private static readonly string[] ToClosed = [nameof(WorkOrderState.Planned), nameof(WorkOrderState.Released), nameof(WorkOrderState.Closed)];

    /// <summary>The states (as stored) from which a work order may move to <paramref name="target"/>; staying put counts.</summary>
    public static string[] From(WorkOrderState target) => target switch
    {
        WorkOrderState.Planned => ToPlanned,
        WorkOrderState.Released => ToReleased,
        WorkOrderState.Closed => ToClosed,
        _ => throw new ArgumentOutOfRangeException(nameof(target), target, "Not a work-order state."),
    };

    public static void Check(WorkOrderRecord order)
    {
        ArgumentNullException.ThrowIfNull(order);
        ArgumentException.ThrowIfNullOrWhiteSpace(order.WorkOrderId, nameof(order));
        ArgumentException.ThrowIfNullOrWhiteSpace(order.LineId, nameof(order));
        ArgumentException.ThrowIfNullOrWhiteSpace(order.Gtin, nameof(order));
        ArgumentException.ThrowIfNullOrWhiteSpace(order.Lot, nameof(order));
        ArgumentNullException.ThrowIfNull(order.Model, nameof(order));
        ArgumentOutOfRangeException.ThrowIfLessThan(order.Quantity, 1, nameof(order));
        ArgumentOutOfRangeException.ThrowIfLessThan(order.UnitsPerCase, 1, nameof(order));
        ArgumentOutOfRangeException.ThrowIfLessThan(order.CasesPerPallet, 1, nameof(order));
        if (!Enum.IsDefined(order.State))
        {
            throw new ArgumentException($"State {order.State} is not a work-order state.", nameof(order));
        }
    }

    public static WorkOrderState Parse(string stored) => Enum.Parse<WorkOrderState>(stored);
}
