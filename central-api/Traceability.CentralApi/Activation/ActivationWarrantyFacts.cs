using Traceability.CentralApi.Storage;
using Traceability.CentralApi.Warranty;

namespace Traceability.CentralApi.Activation;

/// <summary>
/// The activation date for warranty: the unit's first activation, unless it is not trusted as the unit's own
/// (unknown serial, decommissioned, retired). An unshipped unit's activation still counts: the device was used.
/// </summary>
public sealed class ActivationWarrantyFacts(IActivationStore store) : IWarrantyFactSource
{
    private const ActivationConcerns Untrusted = ActivationConcerns.UnknownSerial | ActivationConcerns.Decommissioned | ActivationConcerns.Retired;

    public async ValueTask<WarrantyFacts> AddFactsAsync(UnitRecord unit, WarrantyFacts facts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(unit);
        ArgumentNullException.ThrowIfNull(facts);
        return Add(facts, await store.GetFirstActivationAsync(unit.Gtin, unit.Serial, cancellationToken));
    }

    public WarrantyFacts AddFacts(UnitRecord unit, WarrantyFacts facts, WarrantyReads reads)
    {
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(reads);
        return Add(facts, reads.FirstActivation);
    }

    private static WarrantyFacts Add(WarrantyFacts facts, ActivationRecord? first) =>
        first is not null && (first.Flags & Untrusted) == 0 ? facts with { Activation = first.ActivatedAt } : facts;
}
