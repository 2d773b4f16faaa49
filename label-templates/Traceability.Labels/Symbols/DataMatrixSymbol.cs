using Traceability.Core.Gs1;
using ZXing;
using ZXing.Datamatrix;
using ZXing.Datamatrix.Encoder;

namespace Traceability.Labels.Symbols;

/// <summary>GS1 DataMatrix (ECC 200, FNC1 in first position) via ZXing.Net, square symbols.</summary>
public static class DataMatrixSymbol
{
    /// <summary>Encodes a GS1 element string (the raw form, GS between fields).</summary>
    public static ModuleMatrix EncodeGs1(ElementString data)
    {
        ArgumentNullException.ThrowIfNull(data);
        // ZXing.Net ignores GS1_FORMAT unless DATA_MATRIX_COMPACT is set too (see TOOLCHAIN.md).
        var hints = new Dictionary<EncodeHintType, object>
        {
            [EncodeHintType.GS1_FORMAT] = true,
            [EncodeHintType.DATA_MATRIX_COMPACT] = true,
            [EncodeHintType.DATA_MATRIX_SHAPE] = SymbolShapeHint.FORCE_SQUARE,
            [EncodeHintType.MARGIN] = 0,
        };
        var bits = new DataMatrixWriter().encode(data.ToRaw(), BarcodeFormat.DATA_MATRIX, 0, 0, hints);
        var dark = new bool[bits.Width * bits.Height];
        for (var y = 0; y < bits.Height; y++)
        {
            for (var x = 0; x < bits.Width; x++)
            {
                dark[(y * bits.Width) + x] = bits[x, y];
            }
        }

        return new ModuleMatrix(bits.Width, bits.Height, dark);
    }
}
