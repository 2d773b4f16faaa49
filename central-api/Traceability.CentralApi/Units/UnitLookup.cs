using Traceability.CentralApi.Catalog;
using Traceability.CentralApi.Storage;

namespace Traceability.CentralApi.Units;

/// <summary>A unit with its hierarchy, product and batch: what both the staff API and the resolver show.</summary>
internal sealed record UnitView(UnitHierarchy Hierarchy, Product? Product, BatchSummary? Batch)
{
    public UnitDetails Unit => Hierarchy.Unit;

    /// <summary>Central allocated this serial and it was commissioned onto a unit (whatever happened to it since).</summary>
    public bool Commissioned => Unit.CommissionedAt is not null;

    public static async Task<UnitView?> FindAsync(
        IPackingHierarchy hierarchy, IProductCatalog catalog, TimeProvider time, string gtin, string serial, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(hierarchy);
        return await hierarchy.GetUnitHierarchyAsync(gtin, serial, cancellationToken) is { } found
            ? await OfAsync(found, catalog, time, cancellationToken)
            : null;
    }

    /// <summary>The view of <paramref name="found"/>, a unit the caller has read with its containers.</summary>
    public static async Task<UnitView> OfAsync(UnitHierarchy found, IProductCatalog catalog, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(found);
        var gtin = found.Unit.Gtin;
        var product = await catalog.GetProductAsync(gtin, cancellationToken);
        BatchSummary? batch = null;
        if (found.Unit.Lot is { } lot)
        {
            var known = product is null ? null : await catalog.GetBatchAsync(gtin, lot, cancellationToken);
            var printed = ExpiryDate.FromYymmdd(found.Unit.Expiry, DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime));
            batch = new BatchSummary(lot, printed ?? known?.Expiry, known?.ManufacturedOn);
        }

        return new UnitView(found, product, batch);
    }
}
