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

    /// <summary>Encodes a GS1 element string as GS1-128.</summary>
    /// <returns>The modules (true = bar) without quiet zone, and the ZPL ^BC mode N field data.</returns>
    public static (bool[] Modules, string ZplData) EncodeGs1(ElementString data)
    {
        var (codes, zpl) = Plan(data);
        return (Code128Bars.Modules(codes), zpl);
    }

    /// <summary>The symbol characters (start, FNC1, data; without check character and stop) and the ZPL field data.</summary>
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

        return (codes, zpl.ToString());
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
