namespace Traceability.Core.Regions;

/// <summary>A region registered in a <see cref="RegionTree"/>: its code, its name and, optionally, its parent.</summary>
/// <param name="Code">The region.</param>
/// <param name="Name">Its display name ("South China", "Los Angeles").</param>
/// <param name="Parent">
/// Its parent when not the one its code implies (e.g. a province placed under a dealer's grouping); null for the
/// implied parent. It must lie inside the implied parent, so a grouping can be inserted but a region cannot move.
/// </param>
public sealed record RegionEntry(RegionCode Code, string Name, RegionCode? Parent = null);
