namespace Traceability.Labels.Zpl;

/// <summary>
/// One drawn field: the command that drew it (^A0, ^BQ, ^BX, ^BC, ^GB, ^GF), its bounding box in dots on the label,
/// and its field data after ^FH escapes (null for boxes and graphics).
/// </summary>
public sealed record ZplField(string Command, int X, int Y, int Width, int Height, string? Data);
