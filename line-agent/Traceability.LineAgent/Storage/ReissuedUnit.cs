namespace Traceability.LineAgent.Storage;

/// <summary>A verified unit's label replaced under a new serial: the old serial decommissioned, the new one on the unit.</summary>
/// <param name="Old">The unit under its old serial, now Inactive.</param>
/// <param name="New">The same physical unit under its new serial, Commissioned, in the old serial's place in its case.</param>
public sealed record ReissuedUnit(UnitRecord Old, UnitRecord New);
