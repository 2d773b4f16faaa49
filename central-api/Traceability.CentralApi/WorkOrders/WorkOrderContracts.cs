using Traceability.CentralApi.Storage;

namespace Traceability.CentralApi.WorkOrders;

/// <summary>A planner's new work order (<c>POST /work-orders</c>). Every field is nullable so a missing one is named in the 400, not a binding failure.</summary>
/// <param name="WorkOrderId">Optional: the planner's own id (e.g. the ERP order number); central makes one up when absent.</param>
/// <param name="LineId">The line that will run it.</param>
/// <param name="Gtin">The product's GTIN (8, 12, 13 or 14 digits, check digit checked).</param>
/// <param name="Lot">The batch/lot, an AI (10) value: 1 to 20 characters of GS1 CSET 82.</param>
/// <param name="Expiry">Optional: YYMMDD as in AI (17) (day 00 means the end of the month).</param>
/// <param name="Quantity">Units to make, at least 1.</param>
/// <param name="UnitsPerCase">At least 1.</param>
/// <param name="CasesPerPallet">At least 1.</param>
/// <param name="Model">Optional: the product model the line shows.</param>
public sealed record WorkOrderRequest(
    string? WorkOrderId,
    string? LineId,
    string? Gtin,
    string? Lot,
    string? Expiry,
    long? Quantity,
    int? UnitsPerCase,
    int? CasesPerPallet,
    string? Model);

/// <summary>A work order as the REST API shows it.</summary>
public sealed record WorkOrderResponse(
    string WorkOrderId,
    string LineId,
    string Gtin,
    string Lot,
    string? Expiry,
    long Quantity,
    int UnitsPerCase,
    int CasesPerPallet,
    string Model,
    string State,
    DateTimeOffset CreatedAt)
{
    public static WorkOrderResponse From(WorkOrderRecord order) => new(
        order.WorkOrderId,
        order.LineId,
        order.Gtin,
        order.Lot,
        order.Expiry,
        order.Quantity,
        order.UnitsPerCase,
        order.CasesPerPallet,
        order.Model,
        order.State.ToString(),
        order.CreatedAt);
}
