using Traceability.CentralApi.Repairs;
using Traceability.CentralApi.Warranty;

namespace Traceability.CentralApi.Storage;

/// <summary>Repairs recorded against serials: a unit's full repair history.</summary>
public interface IRepairLog
{
    /// <summary>Stores a repair (its id is new; the unit need not be known to central).</summary>
    /// <exception cref="ArgumentException">A required field is empty.</exception>
    Task AddRepairAsync(RepairRecord repair, CancellationToken cancellationToken = default);

    /// <summary>A unit's repairs, oldest first (received, then recorded).</summary>
    Task<IReadOnlyList<RepairRecord>> ListRepairsAsync(string gtin, string serial, CancellationToken cancellationToken = default);
}

/// <summary>Warranty start corrections from invoices: an append-only audit trail per unit.</summary>
public interface IWarrantyCorrections
{
    /// <summary>Appends a correction.</summary>
    /// <exception cref="ArgumentException">The reason or who made it is empty.</exception>
    Task AddWarrantyCorrectionAsync(WarrantyCorrection correction, CancellationToken cancellationToken = default);

    /// <summary>A unit's corrections, oldest first; the last one is in force.</summary>
    Task<IReadOnlyList<WarrantyCorrection>> ListWarrantyCorrectionsAsync(string gtin, string serial, CancellationToken cancellationToken = default);
}
