namespace Traceability.Core.Regions;

/// <summary>One of China's 34 provincial-level divisions.</summary>
/// <param name="Code">The canonical code, "CN-PP0000" (administrative division code).</param>
/// <param name="IsoCode">The ISO 3166-2:CN code, "CN-GD"; accepted by <see cref="RegionCode.Parse"/> as an alias.</param>
/// <param name="Name">The English name.</param>
public sealed record ChinaProvince(RegionCode Code, string IsoCode, string Name);
