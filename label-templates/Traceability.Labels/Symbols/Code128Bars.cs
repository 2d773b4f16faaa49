namespace Traceability.Labels.Symbols;

/// <summary>Code 128 symbol characters as bars: the pattern table, the check character, the stop. Shared by the label
/// renderer (<see cref="Code128Symbol"/>) and the ZPL interpreter's ^BC.</summary>
internal static class Code128Bars
{
    private const int Stop = 106;

    /// <summary>Bar and space widths in modules for symbol values 0–106 (ISO/IEC 15417 table 1; 106 = stop, 7 elements).</summary>
    internal static readonly string[] Patterns =
    [
        "212222", "222122", "222221", "121223", "121322", "131222", "122213", "122312", "132212", "221213",
        "221312", "231212", "112232", "122132", "122231", "113222", "123122", "123221", "223211", "221132",
        "221231", "213212", "223112", "312131", "311222", "321122", "321221", "312212", "322112", "322211",
        "212123", "212321", "232121", "111323", "131123", "131321", "112313", "132113", "132311", "211313",
        "231113", "231311", "112133", "112331", "132131", "113123", "113321", "133121", "313121", "211331",
        "231131", "213113", "213311", "213131", "311123", "311321", "331121", "312113", "312311", "332111",
        "314111", "221411", "431111", "111224", "111422", "121124", "121421", "141122", "141221", "112214",
        "112412", "122114", "122411", "142112", "142211", "241211", "221114", "413111", "241112", "134111",
        "111242", "121142", "121241", "114212", "124112", "124211", "411212", "421112", "421211", "212141",
        "214121", "412121", "111143", "111341", "131141", "114113", "114311", "411113", "411311", "113141",
        "114131", "311141", "411131", "211412", "211214", "211232", "2331112",
    ];

    /// <summary>The check character of start + data values: (start + Σ position × value) mod 103.</summary>
    public static int CheckValue(IReadOnlyList<int> values)
    {
        var check = values[0];
        for (var k = 1; k < values.Count; k++)
        {
            check += k * values[k];
        }

        return check % 103;
    }

    /// <summary>Bar pattern (true = bar) of start + data <paramref name="values"/>, with check character and stop; no quiet zone.</summary>
    public static bool[] Modules(IReadOnlyList<int> values)
    {
        var modules = new List<bool>((values.Count + 2) * 11 + 2);
        foreach (var value in values.Append(CheckValue(values)).Append(Stop))
        {
            var bar = true;
            foreach (var width in Patterns[value])
            {
                for (var w = 0; w < width - '0'; w++)
                {
                    modules.Add(bar);
                }

                bar = !bar;
            }
        }

        return [.. modules];
    }
}
