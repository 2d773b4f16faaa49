using System.Text;
using Traceability.Core.Gs1;

namespace Traceability.Labels.Symbols;

/// <summary>
/// GS1-128: Code 128 with FNC1 after the start character and FNC1 as the field separator. One plan of code sets
/// drives both outputs, so the printed ZPL and the PNG preview are the same symbol: the bar modules, and the ZPL ^BC
/// mode N field data with invocation codes (&gt;; start C, &gt;: start B, &gt;8 FNC1, &gt;5 to C, &gt;6 to B, &gt;&lt; for "&gt;").
/// </summary>
public static class Code128Symbol
{
    private const int StartB = 104;
    private const int StartC = 105;
    private const int CodeB = 100;
    private const int CodeC = 99;
    /// <summary>FNC1's value in every code set.</summary>
    internal const int Fnc1 = 102;
    private const int Stop = 106;

    // Bar/space widths of the 107 Code 128 symbol characters (ISO/IEC 15417, table 1); the stop has a final bar.
    private static readonly string[] Patterns =
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

    /// <summary>Encodes a GS1 element string as GS1-128.</summary>
    /// <returns>The modules (true = bar) without quiet zone, and the ZPL ^BC mode N field data.</returns>
    public static (bool[] Modules, string ZplData) EncodeGs1(ElementString data)
    {
        var (codes, zpl) = Plan(data);
        return (ToModules(codes), zpl);
    }

    /// <summary>The symbol characters (start, FNC1, data, check character, stop) and the ZPL field data.</summary>
    internal static (List<int> Codes, string ZplData) Plan(ElementString data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var raw = data.ToRaw();
        var codes = new List<int>(raw.Length + 8);
        var zpl = new StringBuilder(raw.Length + 16);
        var leading = DigitRun(raw, 0);
        var inC = (leading >= 2 && leading % 2 == 0) || leading >= 4;
        codes.Add(inC ? StartC : StartB);
        zpl.Append(inC ? ">;" : ">:");
        codes.Add(Fnc1);
        zpl.Append(">8");
        var i = 0;
        while (i < raw.Length)
        {
            var c = raw[i];
            if (c == ElementString.GroupSeparator)
            {
                codes.Add(Fnc1);
                zpl.Append(">8");
                i++;
                continue;
            }

            var run = DigitRun(raw, i);
            if (inC)
            {
                if (run >= 2)
                {
                    codes.Add(((raw[i] - '0') * 10) + (raw[i + 1] - '0'));
                    zpl.Append(raw, i, 2);
                    i += 2;
                    continue;
                }

                codes.Add(CodeB);
                zpl.Append(">6");
                inC = false;
                continue;
            }

            if (run >= 4 && run % 2 == 0)
            {
                codes.Add(CodeC);
                zpl.Append(">5");
                inC = true;
                continue;
            }

            if (c is < ' ' or > '~')
            {
                throw new ArgumentException($"'{c}' cannot be encoded in Code 128 set B.", nameof(data));
            }

            codes.Add(c - ' ');
            zpl.Append(c == '>' ? "><" : c.ToString());
            i++;
        }

        var checksum = codes[0];
        for (var k = 1; k < codes.Count; k++)
        {
            checksum += k * codes[k];
        }

        codes.Add(checksum % 103);
        codes.Add(Stop);
        return (codes, zpl.ToString());
    }

    private static bool[] ToModules(List<int> codes)
    {
        var modules = new List<bool>((codes.Count * 11) + 2);
        foreach (var code in codes)
        {
            var bar = true;
            foreach (var w in Patterns[code])
            {
                for (var k = 0; k < w - '0'; k++)
                {
                    modules.Add(bar);
                }

                bar = !bar;
            }
        }

        return modules.ToArray();
    }

    private static int DigitRun(string s, int start)
    {
        var n = 0;
        while (start + n < s.Length && char.IsAsciiDigit(s[start + n]))
        {
            n++;
        }

        return n;
    }
}
