using System.Text.Json.Serialization;

namespace Traceability.CentralApi.Warranty;

/// <summary>Which fact decided a warranty's start date, in the order the rules are tried.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<WarrantyRule>))]
public enum WarrantyRule
{
    /// <summary>A service desk set the purchase date from the customer's invoice; it overrides every other fact.</summary>
    Invoice,

    /// <summary>The store's sale-out date.</summary>
    SaleOut,

    /// <summary>The customer's activation date.</summary>
    Activation,

    /// <summary>The brand's ship date plus the configured grace period (<c>Warranty:ShipGraceDays</c>).</summary>
    ShipGrace,

    /// <summary>
    /// The commissioning date plus the same grace period: a stand-in for the ship date while central records no
    /// shipments. A unit ships after it is commissioned, so this start is never later than the ship rule's would be.
    /// </summary>
    CommissioningGrace,
}
