namespace Traceability.Labels.Symbols;

/// <summary>The dark / light modules of a 2D symbol (QR code, DataMatrix), without quiet zone.</summary>
public sealed class ModuleMatrix
{
    private readonly bool[] _dark;

    internal ModuleMatrix(int width, int height, bool[] dark)
    {
        Width = width;
        Height = height;
        _dark = dark;
    }

    /// <summary>Modules across.</summary>
    public int Width { get; }

    /// <summary>Modules down.</summary>
    public int Height { get; }

    /// <summary>True when the module at column <paramref name="x"/>, row <paramref name="y"/> is dark.</summary>
    public bool this[int x, int y] => _dark[(y * Width) + x];
}
