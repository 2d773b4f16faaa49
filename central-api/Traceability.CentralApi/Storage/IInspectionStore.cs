using Traceability.CentralApi.Inspections;

namespace Traceability.CentralApi.Storage;

/// <summary>Market inspectors' findings and their photos (docs/inspections.md). Implemented by each central store.</summary>
public interface IInspectionStore
{
    /// <summary>Stores a finding and its photo in one transaction.</summary>
    /// <param name="inspection">The finding; its <see cref="InspectionRecord.Photo"/> describes <paramref name="photo"/>.</param>
    /// <param name="photo">The photo's bytes, or null when <see cref="InspectionRecord.Photo"/> is null.</param>
    /// <param name="cancellationToken">Cancels the call; nothing is stored then.</param>
    /// <exception cref="ArgumentException">The finding is malformed, or the photo and its description disagree.</exception>
    /// <exception cref="InvalidOperationException">A finding with this id exists already.</exception>
    Task AddInspectionAsync(InspectionRecord inspection, byte[]? photo, CancellationToken cancellationToken = default);

    /// <summary>Records the alert a finding raised; false when there is no such finding.</summary>
    Task<bool> SetInspectionAlertAsync(Guid inspectionId, Guid alertId, CancellationToken cancellationToken = default);

    /// <summary>The finding with this id, or null.</summary>
    Task<InspectionRecord?> GetInspectionAsync(Guid inspectionId, CancellationToken cancellationToken = default);

    /// <summary>The photo of the finding, or null when it has none (or there is no such finding).</summary>
    Task<InspectionPhoto?> GetInspectionPhotoAsync(Guid inspectionId, CancellationToken cancellationToken = default);

    /// <summary>Findings matching the query, newest first (inspected at, then id, descending).</summary>
    Task<InspectionPage> ListInspectionsAsync(InspectionQuery query, CancellationToken cancellationToken = default);

    /// <summary>
    /// Per dealer, the findings naming it within [<paramref name="since"/>, <paramref name="until"/>) and how many were
    /// diversions, in one grouped query: most diversions first, then most findings, then dealer id.
    /// </summary>
    Task<IReadOnlyList<DealerInspectionCount>> CountInspectionsByDealerAsync(
        DateTimeOffset? since, DateTimeOffset? until, CancellationToken cancellationToken = default);
}
