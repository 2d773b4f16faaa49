using System.Globalization;
using Traceability.Core.Gs1;

namespace Traceability.LineAgent.Storage;

/// <summary>Planned (received from central) → Running ⇄ Paused → Closed. One work order runs on a line at a time.</summary>
public enum WorkOrderState
{
    Planned = 1,
    Running = 2,
    Paused = 3,
    Closed = 4,
}

/// <summary>What central planned: the product, the batch, and how it is packed.</summary>
/// <param name="Id">Central's work order id.</param>
/// <param name="Gtin">The product.</param>
/// <param name="Lot">Batch/lot, AI (10).</param>
/// <param name="Expiry">Expiry date YYMMDD as AI (17) carries it; empty when the product has none.</param>
/// <param name="Quantity">Units planned.</param>
/// <param name="UnitsPerCase">Units a full case holds.</param>
/// <param name="CasesPerPallet">Cases a full pallet holds.</param>
public sealed record WorkOrderSpec(string Id, Gtin Gtin, string Lot, string Expiry, long Quantity, int UnitsPerCase, int CasesPerPallet)
{
    /// <summary>Throws naming the field when the spec cannot be run.</summary>
    /// <exception cref="ArgumentException">A field is blank or out of range.</exception>
    public void Validate()
    {
        var at = $"Work order '{Id}'";
        if (string.IsNullOrWhiteSpace(Id))
        {
            throw new ArgumentException("Work order id is blank.", nameof(Id));
        }

        if (Gtin.Value is null)
        {
            throw new ArgumentException($"{at}: gtin is missing.", nameof(Gtin));
        }

        if (string.IsNullOrWhiteSpace(Lot) || Lot.Length > 20)
        {
            throw new ArgumentException($"{at}: lot \"{Lot}\" must be 1 to 20 characters (AI 10).", nameof(Lot));
        }

        if (Expiry.Length != 0 && (Expiry.Length != 6 || !Expiry.All(char.IsAsciiDigit)
            || !DateTime.TryParseExact(Expiry.EndsWith("00", StringComparison.Ordinal) ? Expiry[..4] + "01" : Expiry, "yyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)))
        {
            throw new ArgumentException($"{at}: expiry \"{Expiry}\" is not a date YYMMDD (AI 17).", nameof(Expiry));
        }

        if (Quantity < 1)
        {
            throw new ArgumentException($"{at}: quantity {Quantity} must be at least 1.", nameof(Quantity));
        }

        if (UnitsPerCase < 1)
        {
            throw new ArgumentException($"{at}: units per case {UnitsPerCase} must be at least 1.", nameof(UnitsPerCase));
        }

        if (CasesPerPallet < 1)
        {
            throw new ArgumentException($"{at}: cases per pallet {CasesPerPallet} must be at least 1.", nameof(CasesPerPallet));
        }
    }
}

/// <summary>A work order on this line: what was planned, where it stands, and its reconciliation.</summary>
public sealed record WorkOrderRecord(WorkOrderSpec Spec, WorkOrderState State, Reconciliation Counts)
{
    /// <summary>Central's work order id.</summary>
    public string Id => Spec.Id;
}
