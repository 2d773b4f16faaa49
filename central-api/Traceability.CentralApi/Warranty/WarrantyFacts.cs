namespace Traceability.CentralApi.Warranty;

/// <summary>
/// What central knows about a unit that can start its warranty. The rule engine (<see cref="WarrantyRules"/>) decides
/// from whichever are present; a later step only fills in more of them.
/// </summary>
/// <param name="SaleOut">When a store sold the unit to its end customer (the channel's sale-out), if recorded.</param>
/// <param name="Activation">When the customer activated the unit, if recorded.</param>
/// <param name="Shipped">When the brand shipped the unit into the channel, if recorded.</param>
/// <param name="Commissioned">When the line commissioned the unit, if it did.</param>
/// <param name="InvoiceDate">The purchase date a service desk set from the customer's invoice (the latest correction), if any.</param>
public sealed record WarrantyFacts(
    DateTimeOffset? SaleOut = null,
    DateTimeOffset? Activation = null,
    DateTimeOffset? Shipped = null,
    DateTimeOffset? Commissioned = null,
    DateOnly? InvoiceDate = null)
{
    /// <summary>No facts: nothing can start a warranty.</summary>
    public static WarrantyFacts None { get; } = new();
}
