namespace Traceability.Core.Regions;

/// <summary>What a <see cref="RegionCode"/> denotes, and so how its parent is derived.</summary>
public enum RegionKind
{
    /// <summary>A country, ISO 3166-1 alpha-2 ("CN", "US"). No parent.</summary>
    Country,

    /// <summary>A subdivision outside China, ISO 3166-2 ("US-CA", "DE-BY"): 1–3 letters or digits. Parent: the country.</summary>
    Subdivision,

    /// <summary>A China provincial-level division, "CN-PP0000" ("CN-440000" Guangdong). Parent: CN.</summary>
    ChinaProvince,

    /// <summary>A China prefecture-level division, "CN-PPCC00" ("CN-440300" Shenzhen, "CN-110100" Beijing's districts). Parent: its province.</summary>
    ChinaPrefecture,

    /// <summary>A China county-level division, "CN-PPCCDD" ("CN-440305" Nanshan). Parent: its prefecture.</summary>
    ChinaCounty,

    /// <summary>
    /// A code of our own below or beside the standard ones ("CN-SOUTH", "US-CA-LA", "CN-440300-DEALER7"): a region
    /// code followed by one more segment. Parent implied by the code: the code without its last segment.
    /// </summary>
    Custom,
}
