using SkiaSharp;

namespace Traceability.Labels.Zpl;

/// <summary>The labels a ZPL stream printed (one bitmap per ^XA…^XZ), what was drawn where, and what was ignored.</summary>
public sealed class ZplRenderResult : IDisposable
{
    private readonly SKBitmap[] _labels;

    internal ZplRenderResult(SKBitmap[] labels, IReadOnlyList<string> warnings, IReadOnlyList<ZplField> fields, int quantity)
    {
        _labels = labels;
        Warnings = warnings;
        Fields = fields;
        Quantity = quantity;
    }

    /// <summary>One bitmap per label, white background, black ink.</summary>
    public IReadOnlyList<SKBitmap> Labels => _labels;

    /// <summary>Commands that were ignored or approximated, each with its position: "^XY at position 33: unknown command, ignored".</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>Every drawn field of every label, in drawing order.</summary>
    public IReadOnlyList<ZplField> Fields { get; }

    /// <summary>The ^PQ quantity of the first label that sets one (1 when none does); the label is rendered once.</summary>
    public int Quantity { get; }

    public void Dispose()
    {
        foreach (var label in _labels)
        {
            label.Dispose();
        }
    }
}
