namespace Traceability.CentralApi.Storage;

/// <summary>
/// The sales channel: dealers in a tree under the brand, and each unit's way through it (shipped, received, sold).
/// Implemented by each central store over its own database; docs/channel.md has the rules.
/// </summary>
public interface IChannelStore
{
    /// <summary>
    /// Records a dealer as given. The caller has checked its parent, level and regions against the parent it read;
    /// the store derives the dealer's ancestry from the parent row.
    /// </summary>
    /// <returns><see langword="false"/> when a dealer with this id exists already (it is left unchanged).</returns>
    /// <exception cref="ArgumentException">The parent does not exist.</exception>
    Task<bool> CreateDealerAsync(DealerRecord dealer, CancellationToken cancellationToken = default);

    /// <summary>The dealer with this id, or <see langword="null"/>.</summary>
    Task<DealerRecord?> GetDealerAsync(string dealerId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records one channel step for every unit the step names (its units, and every unit inside its containers at any
    /// depth), in one transaction: all of them, or, when any is unknown or not where the step needs it, none
    /// (<see cref="ChannelStepResult.Outcome"/> says why and names them). The step's EPCIS event is stored with it.
    /// </summary>
    Task<ChannelStepResult> RecordChannelStepAsync(ChannelStep request, CancellationToken cancellationToken = default);

    /// <summary>
    /// Where the unit is in the channel: its current (or last) dealer with that dealer's authorized regions, and when it
    /// was last shipped, received and sold. Null when the unit never left the brand.
    /// </summary>
    Task<ChannelState?> GetChannelStateAsync(string gtin, string serial, CancellationToken cancellationToken = default);

    /// <summary>Every channel step of the unit, oldest first (empty when it never left the brand).</summary>
    Task<IReadOnlyList<ChannelHistoryEntry>> GetChannelHistoryAsync(string gtin, string serial, CancellationToken cancellationToken = default);

    /// <summary>
    /// True when the unit was ever shipped to <paramref name="dealerId"/> or to any dealer below it (its sub-dealers, at
    /// any depth): what a dealer may see.
    /// </summary>
    Task<bool> WasShippedWithinAsync(string dealerId, string gtin, string serial, CancellationToken cancellationToken = default);
}

/// <summary>A dealer's place under the brand. The brand itself is level 0 and is central (the Admin key), not a row.</summary>
public enum DealerLevel
{
    /// <summary>A level-1 distributor: its parent is the brand.</summary>
    Distributor = 1,

    /// <summary>A level-2 dealer: its parent is a distributor.</summary>
    Dealer = 2,

    /// <summary>A store: its parent is a dealer; only stores sell to consumers.</summary>
    Store = 3,
}

/// <summary>A dealer.</summary>
/// <param name="Id">Its id (also the id of its API keys).</param>
/// <param name="Name">Its name.</param>
/// <param name="ParentId">The dealer above it; null for a distributor (whose parent is the brand).</param>
/// <param name="Level">Its level, one below its parent's.</param>
/// <param name="Regions">The regions it may sell in (canonical region codes).</param>
/// <param name="CreatedAt">When it was recorded.</param>
public sealed record DealerRecord(string Id, string Name, string? ParentId, DealerLevel Level, IReadOnlyList<string> Regions, DateTimeOffset CreatedAt);

/// <summary>A channel step.</summary>
public enum ChannelStepKind
{
    /// <summary>CBV shipping: goods leave the sender for a dealer.</summary>
    Shipping = 1,

    /// <summary>CBV receiving: the dealer they were shipped to scans them in.</summary>
    Receiving = 2,

    /// <summary>CBV retail_selling: a store sells them to a consumer.</summary>
    RetailSelling = 3,
}

/// <summary>Where a unit is in the channel.</summary>
public enum ChannelStatus
{
    /// <summary>Shipped to the dealer, not yet received.</summary>
    InTransit = 1,

    /// <summary>Received by the dealer, not shipped on or sold.</summary>
    Held = 2,

    /// <summary>Sold to a consumer by the store.</summary>
    Sold = 3,
}

/// <summary>A step to record.</summary>
/// <param name="Kind">Shipping, receiving or selling.</param>
/// <param name="DealerId">Who acts: the sender of a shipment (null: the brand), the receiving dealer, the selling store.</param>
/// <param name="ToDealerId">The dealer a shipment goes to; null for the other steps.</param>
/// <param name="Units">Units named one by one.</param>
/// <param name="Ssccs">Containers named; every unit inside them at any depth takes the step.</param>
/// <param name="ShipmentId">A new shipment's id; for the other steps, the id of the step itself (kept in history).</param>
/// <param name="OccurredAt">When the step happened (a sale: when the store says it sold).</param>
/// <param name="Event">The step's EPCIS event, stored with it.</param>
public sealed record ChannelStep(
    ChannelStepKind Kind,
    string? DealerId,
    string? ToDealerId,
    IReadOnlyList<UnitKey> Units,
    IReadOnlyList<string> Ssccs,
    Guid ShipmentId,
    DateTimeOffset OccurredAt,
    CapturedEventRecord Event);

/// <summary>What <see cref="IChannelStore.RecordChannelStepAsync"/> did.</summary>
public enum ChannelStepOutcome
{
    /// <summary>Every unit took the step.</summary>
    Applied,

    /// <summary>Central knows some of the units or containers not at all; nothing was recorded.</summary>
    Unknown,

    /// <summary>The containers hold no unit; nothing was recorded.</summary>
    Empty,

    /// <summary>Some units are not where the step needs them (not held by the sender, not shipped to the receiver…); nothing was recorded.</summary>
    NotAvailable,
}

/// <summary>The outcome of a step.</summary>
/// <param name="Outcome">Applied, or why nothing was.</param>
/// <param name="UnitCount">Units that took the step (Applied), else how many the step named after exploding containers.</param>
/// <param name="UnknownSsccs">Containers central knows not (Unknown).</param>
/// <param name="Units">Units central knows not (Unknown) or not available (NotAvailable), at most <see cref="MaxListed"/>.</param>
public sealed record ChannelStepResult(ChannelStepOutcome Outcome, int UnitCount, IReadOnlyList<string> UnknownSsccs, IReadOnlyList<UnitKey> Units)
{
    /// <summary>The most units a refusal lists.</summary>
    public const int MaxListed = 20;
}

/// <summary>
/// A unit's place in the channel, for activation and warranty: its current or last dealer (with the regions that dealer
/// may sell in) and the dates of its last shipment, receipt and sale.
/// </summary>
/// <param name="Gtin">14 digits.</param>
/// <param name="Serial">The serial.</param>
/// <param name="Status">In transit to, held by, or sold by <paramref name="Dealer"/>.</param>
/// <param name="Dealer">The dealer it was last shipped to (and, once received, is held or was sold by).</param>
/// <param name="FromDealerId">Who shipped it to that dealer (null: the brand).</param>
/// <param name="ShipmentId">The last shipment.</param>
/// <param name="ShippedAt">When it was last shipped.</param>
/// <param name="ReceivedAt">When that dealer received it; null while in transit.</param>
/// <param name="SoldAt">When the store sold it; null before.</param>
public sealed record ChannelState(
    string Gtin,
    string Serial,
    ChannelStatus Status,
    DealerRecord Dealer,
    string? FromDealerId,
    Guid ShipmentId,
    DateTimeOffset ShippedAt,
    DateTimeOffset? ReceivedAt,
    DateTimeOffset? SoldAt);

/// <summary>One channel step of a unit.</summary>
/// <param name="Step">Shipping, receiving or selling.</param>
/// <param name="OccurredAt">When.</param>
/// <param name="FromDealerId">Shipping and receiving: the sender (null: the brand); selling: the store.</param>
/// <param name="ToDealerId">Shipping and receiving: the dealer it went to; selling: null.</param>
/// <param name="ShipmentId">The shipment (shipping, receiving) or the sale's id.</param>
/// <param name="EventKey">The EPCIS eventID the step wrote.</param>
public sealed record ChannelHistoryEntry(
    ChannelStepKind Step, DateTimeOffset OccurredAt, string? FromDealerId, string? ToDealerId, Guid ShipmentId, string EventKey);
