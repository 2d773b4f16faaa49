using System.Text;
using Traceability.Core.Gs1;
using ZXing;
using ZXing.Common;
using ZXing.Datamatrix;
using ZXing.Datamatrix.Encoder;

namespace Traceability.Labels.Symbols;

/// <summary>
/// GS1 DataMatrix (ECC 200, FNC1 in first position, square). ZXing.Net's compact encoder gives the smallest symbol but,
/// in some mixes of lower case and separators (its Text encodation), writes the FNC1 separator as the letter "n": a
/// symbol that scans as wrong data (found by the random-payload tests, confirmed by dmtxread). So every symbol is
/// decoded again before it is used, and when the check fails it is rebuilt in ASCII encodation, where FNC1 is
/// codeword 232 and nothing else can go wrong; that one is checked too.
/// </summary>
public static class DataMatrixSymbol
{
    private const char Fnc1 = (char)232;
    private const char Pad = (char)129;

    /// <summary>Encodes a GS1 element string (the raw form, GS between fields).</summary>
    /// <exception cref="InvalidOperationException">Neither encoding decodes back to the data (a defect to report, never a label to print).</exception>
    public static ModuleMatrix EncodeGs1(ElementString data) => ToModules(EncodeGs1Bits(data));

    /// <summary>As <see cref="EncodeGs1"/>, as ZXing's bit matrix (for the ZPL interpreter's ^BX).</summary>
    internal static BitMatrix EncodeGs1Bits(ElementString data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var raw = data.ToRaw();
        var expected = ElementString.GroupSeparator + raw; // how a decoder reports FNC1 in first position
        var compact = EncodeCompact(raw);
        if (DecodesTo(compact, expected))
        {
            return compact;
        }

        var ascii = EncodeAscii(raw);
        return DecodesTo(ascii, expected)
            ? ascii
            : throw new InvalidOperationException($"GS1 DataMatrix for {data} does not decode back to its data.");
    }

    private static BitMatrix EncodeCompact(string raw)
    {
        // ZXing.Net ignores GS1_FORMAT unless DATA_MATRIX_COMPACT is set too (see TOOLCHAIN.md).
        var hints = new Dictionary<EncodeHintType, object>
        {
            [EncodeHintType.GS1_FORMAT] = true,
            [EncodeHintType.DATA_MATRIX_COMPACT] = true,
            [EncodeHintType.DATA_MATRIX_SHAPE] = SymbolShapeHint.FORCE_SQUARE,
            [EncodeHintType.MARGIN] = 0,
        };
        return new DataMatrixWriter().encode(raw, BarcodeFormat.DATA_MATRIX, 0, 0, hints);
    }

    /// <summary>ASCII encodation (ISO/IEC 16022 5.2.3): digit pairs as 130 + value, characters as value + 1, FNC1 as 232.</summary>
    private static BitMatrix EncodeAscii(string raw)
    {
        var codewords = new StringBuilder(raw.Length + 8).Append(Fnc1);
        for (var i = 0; i < raw.Length; i++)
        {
            var c = raw[i];
            if (char.IsAsciiDigit(c) && i + 1 < raw.Length && char.IsAsciiDigit(raw[i + 1]))
            {
                codewords.Append((char)(130 + ((c - '0') * 10) + (raw[i + 1] - '0')));
                i++;
            }
            else if (c == ElementString.GroupSeparator)
            {
                codewords.Append(Fnc1);
            }
            else
            {
                codewords.Append((char)(c + 1)); // GS1 data is CSET 82: always ASCII
            }
        }

        var symbol = SymbolInfo.lookup(codewords.Length, SymbolShapeHint.FORCE_SQUARE);
        var capacity = Enumerable.Range(1, symbol.getInterleavedBlockCount()).Sum(symbol.getDataLengthForInterleavedBlock);
        if (codewords.Length < capacity)
        {
            codewords.Append(Pad); // the first pad is 129 as it is
        }

        while (codewords.Length < capacity)
        {
            // Later pads are randomized with the 253-state algorithm over their 1-based position.
            var value = 129 + ((149 * (codewords.Length + 1)) % 253) + 1;
            codewords.Append((char)(value <= 254 ? value : value - 254));
        }

        var placement = new DefaultPlacement(ErrorCorrection.encodeECC200(codewords.ToString(), symbol), symbol.getSymbolDataWidth(), symbol.getSymbolDataHeight());
        placement.place();
        return Assemble(placement, symbol);
    }

    /// <summary>Data regions framed by their finder (solid left and bottom) and clock (alternating top and right) patterns.</summary>
    private static BitMatrix Assemble(DefaultPlacement placement, SymbolInfo symbol)
    {
        var matrix = new BitMatrix(symbol.getSymbolWidth(), symbol.getSymbolHeight());
        var dataWidth = symbol.getSymbolDataWidth();
        var dataHeight = symbol.getSymbolDataHeight();
        var matrixY = 0;
        for (var y = 0; y < dataHeight; y++)
        {
            int matrixX;
            if (y % symbol.matrixHeight == 0)
            {
                for (matrixX = 0; matrixX < symbol.getSymbolWidth(); matrixX++)
                {
                    matrix[matrixX, matrixY] = matrixX % 2 == 0;
                }

                matrixY++;
            }

            matrixX = 0;
            for (var x = 0; x < dataWidth; x++)
            {
                if (x % symbol.matrixWidth == 0)
                {
                    matrix[matrixX++, matrixY] = true;
                }

                matrix[matrixX++, matrixY] = placement.getBit(x, y);
                if (x % symbol.matrixWidth == symbol.matrixWidth - 1)
                {
                    matrix[matrixX++, matrixY] = y % 2 == 0;
                }
            }

            matrixY++;
            if (y % symbol.matrixHeight == symbol.matrixHeight - 1)
            {
                for (matrixX = 0; matrixX < symbol.getSymbolWidth(); matrixX++)
                {
                    matrix[matrixX, matrixY] = true;
                }

                matrixY++;
            }
        }

        return matrix;
    }

    /// <summary>True when the symbol decodes to <paramref name="expected"/> (FNC1 in first position reads as a leading GS).</summary>
    internal static bool DecodesTo(BitMatrix bits, string expected)
    {
        try
        {
            return new ZXing.Datamatrix.Internal.Decoder().decode(bits)?.Text == expected;
        }
        catch (ReaderException)
        {
            return false;
        }
    }

    private static ModuleMatrix ToModules(BitMatrix bits)
    {
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
