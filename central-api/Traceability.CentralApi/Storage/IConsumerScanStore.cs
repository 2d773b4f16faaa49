using Traceability.CentralApi.Warranty;

namespace Traceability.CentralApi.Storage;

/// <summary>
/// Consumer scans of unit Digital Links (docs/consumer-scan.md): each scan is kept, and a per-unit counter with the last
/// placed scan answers the fast checks. Implemented by each central store over its own database.
/// </summary>
public interface IConsumerScanStore
{
    /// <summary>The unit's scan counter (one keyed row), or null when it was never scanned.</summary>
    Task<ScanCounter?> GetScanCounterAsync(string gtin, string serial, CancellationToken cancellationToken = default);

    /// <summary>
    /// The unit's channel state (null: never shipped) and scan counter (null: never scanned) together: what a scan of a
    /// known unit reads besides the unit and its warranty (one round trip on PostgreSQL).
    /// </summary>
    Task<ScanSubjectState> GetScanSubjectStateAsync(string gtin, string serial, CancellationToken cancellationToken = default);

    /// <summary>
    /// Everything a scan of a unit reads, in one snapshot: the unit with its containers, its channel state and scan
    /// counter, and its warranty reads; null when central has no such unit. The reads of concurrent scans go together
    /// (on PostgreSQL one round trip per batch, on SQLite one read transaction and one prepared statement pair).
    /// </summary>
    Task<ScanSubject?> GetScanSubjectAsync(string gtin, string serial, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores <paramref name="scan"/> and counts it in one write (one statement on PostgreSQL): the counter's total and
    /// day count go up atomically, and a scan with a region becomes the last placed scan.
    /// </summary>
    Task RecordScanAsync(ConsumerScanRecord scan, CancellationToken cancellationToken = default);

    /// <summary>The unit's scans, oldest first (support, tests).</summary>
    Task<IReadOnlyList<ConsumerScanRecord>> ListScansAsync(string gtin, string serial, CancellationToken cancellationToken = default);
}

/// <summary>One consumer scan.</summary>
/// <param name="ScanId">Central's id for it (time-ordered).</param>
/// <param name="Gtin">14 digits.</param>
/// <param name="Serial">The serial.</param>
/// <param name="ScannedAt">When central answered it.</param>
/// <param name="IpAddress">The client address (see docs/consumer-scan.md), or null when unknown.</param>
/// <param name="Region">The region the address resolved to, or null.</param>
/// <param name="Verdict">genuine, suspicious or unknown.</param>
/// <param name="Reasons">The verdict's reason codes (empty: none).</param>
public sealed record ConsumerScanRecord(
    Guid ScanId, string Gtin, string Serial, DateTimeOffset ScannedAt, string? IpAddress, string? Region, string Verdict, IReadOnlyList<string> Reasons);

/// <summary>A unit's scan counter.</summary>
/// <param name="Total">Every scan of the unit.</param>
/// <param name="Day">The UTC date <paramref name="DayCount"/> counts.</param>
/// <param name="DayCount">Scans on <paramref name="Day"/>.</param>
/// <param name="LastRegion">The region of the last scan whose region was known, or null.</param>
/// <param name="LastAt">When that scan was, or null.</param>
public sealed record ScanCounter(long Total, DateOnly Day, int DayCount, string? LastRegion, DateTimeOffset? LastAt);

/// <summary>A unit's channel state and scan counter, read together.</summary>
/// <param name="Channel">Where the unit is in the channel, or null when the brand never shipped it.</param>
/// <param name="Counter">Its scan counter, or null when it was never scanned.</param>
public sealed record ScanSubjectState(ChannelState? Channel, ScanCounter? Counter);

/// <summary>What a consumer scan of a known unit reads.</summary>
/// <param name="Hierarchy">The unit and the containers it is in, innermost first.</param>
/// <param name="State">Its channel state and scan counter.</param>
/// <param name="Warranty">What its warranty is decided from.</param>
public sealed record ScanSubject(UnitHierarchy Hierarchy, ScanSubjectState State, WarrantyReads Warranty);
