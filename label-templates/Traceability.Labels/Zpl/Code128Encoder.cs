using System.Text;

namespace Traceability.Labels.Zpl;

/// <summary>
/// Code 128 symbol values and bar pattern from ^BC field data. Built here rather than with ZXing's writer so that
/// ZPL's invocation codes (>; >: >9 start C/B/A, >5 >6 >7 code set switches, >8 FNC1) are honoured exactly.
/// </summary>
internal static class Code128Encoder
{
    public const int Fnc1 = 102;
    private const int StartA = 103;
    private const int StartB = 104;
    private const int StartC = 105;
    private const int Stop = 106;
    private const int CodeC = 99;
    private const int CodeB = 100;
    private const int CodeA = 101;

    /// <summary>The encoded symbol: values (start … data, without check and stop) and the human-readable text.</summary>
    internal sealed record Symbol(List<int> Values, string Text);

    /// <summary>
    /// Mode N: data in the start set given by a leading >9 / >: / >; (subset B when none), with invocation codes.
    /// A character the current subset cannot carry switches subset automatically and adds a warning.
    /// </summary>
    public static Symbol EncodeWithInvocationCodes(string data, Action<string> warn)
    {
        var values = new List<int>(data.Length + 4);
        var text = new StringBuilder(data.Length);
        var set = 'B';
        var i = 0;
        if (data.Length >= 2 && data[0] == '>' && data[1] is '9' or ':' or ';')
        {
            set = data[1] switch { '9' => 'A', ':' => 'B', _ => 'C' };
            i = 2;
        }

        values.Add(set switch { 'A' => StartA, 'B' => StartB, _ => StartC });
        while (i < data.Length)
        {
            var c = data[i];
            if (c == '>' && i + 1 < data.Length)
            {
                var code = data[i + 1];
                i += 2;
                switch (code)
                {
                    case '<' or '0':
                        AddChar('>');
                        break;
                    case '=':
                        AddValue(94);
                        break;
                    case >= '1' and <= '4':
                        AddValue(94 + (code - '0'));
                        break;
                    case '5':
                        SwitchTo('C');
                        break;
                    case '6':
                        if (set == 'B')
                        {
                            values.Add(CodeB); // FNC4 in subset B
                        }
                        else
                        {
                            SwitchTo('B');
                        }

                        break;
                    case '7':
                        if (set == 'A')
                        {
                            values.Add(CodeA); // FNC4 in subset A
                        }
                        else
                        {
                            SwitchTo('A');
                        }

                        break;
                    case '8':
                        values.Add(Fnc1);
                        break;
                    default:
                        warn($"unknown invocation code '>{code}' written as data");
                        AddChar('>');
                        AddChar(code);
                        break;
                }

                continue;
            }

            if (set == 'C')
            {
                if (i + 1 < data.Length && char.IsAsciiDigit(c) && char.IsAsciiDigit(data[i + 1]))
                {
                    values.Add(((c - '0') * 10) + (data[i + 1] - '0'));
                    text.Append(c).Append(data[i + 1]);
                    i += 2;
                    continue;
                }

                warn(char.IsAsciiDigit(c)
                    ? $"odd digit '{c}' left over in subset C, switched to subset B for it"
                    : $"'{c}' cannot be written in subset C, switched to subset B");
                SwitchTo('B');
            }

            AddChar(c);
            i++;
        }

        return new Symbol(values, text.ToString());

        void SwitchTo(char target)
        {
            if (set != target)
            {
                values.Add(target switch { 'A' => CodeA, 'B' => CodeB, _ => CodeC });
                set = target;
            }
        }

        void AddValue(int value)
        {
            if (set == 'C')
            {
                SwitchTo('B');
            }

            values.Add(value);
        }

        void AddChar(char ch)
        {
            if (set == 'A' && ch is >= '`' and <= '\x7F')
            {
                warn($"'{ch}' is not in subset A, switched to subset B");
                SwitchTo('B');
            }
            else if (set == 'B' && ch < ' ')
            {
                warn($"control character 0x{(int)ch:X2} is not in subset B, switched to subset A");
                SwitchTo('A');
            }
            else if (set == 'C')
            {
                SwitchTo('B');
            }

            if (ch > '\x7F')
            {
                warn($"'{ch}' is not ASCII, written as '?'");
                ch = '?';
            }

            values.Add(set == 'A' && ch < ' ' ? ch + 64 : ch - 32);
            text.Append(ch);
        }
    }

    /// <summary>
    /// Automatic subsets (modes A and D): <paramref name="items"/> are characters, with -1 standing for FNC1.
    /// Runs of four or more digits go to subset C.
    /// </summary>
    public static List<int> EncodeAutomatic(IReadOnlyList<int> items)
    {
        var values = new List<int>(items.Count + 4);
        var set = ' ';
        var i = 0;
        while (i < items.Count)
        {
            var digits = DigitRun(items, i);
            if (set != 'C' && (digits >= 4 || (set == ' ' && digits >= 2 && digits == items.Count - i && digits % 2 == 0)))
            {
                if (digits % 2 == 1)
                {
                    // An odd run: the first digit goes in the current subset (B at the start).
                    if (set == ' ')
                    {
                        Enter('B');
                    }

                    values.Add(items[i] - 32);
                    i++;
                }

                Enter('C');
                continue;
            }

            var item = items[i];
            if (item == -1)
            {
                if (set == ' ')
                {
                    var run = DigitRun(items, i + 1);
                    Enter(run >= 4 || (run >= 2 && run % 2 == 0) ? 'C' : 'B');
                }

                values.Add(Fnc1);
                i++;
                continue;
            }

            if (set == 'C')
            {
                if (digits >= 2)
                {
                    values.Add(((items[i] - '0') * 10) + (items[i + 1] - '0'));
                    i += 2;
                    continue;
                }

                Enter(item < ' ' ? 'A' : 'B');
            }

            if (set == ' ')
            {
                Enter(item < ' ' ? 'A' : 'B');
            }

            if (set == 'A' && item >= '`')
            {
                Enter('B');
            }
            else if (set == 'B' && item < ' ')
            {
                Enter('A');
            }

            values.Add(set == 'A' && item < ' ' ? item + 64 : item - 32);
            i++;
        }

        if (set == ' ')
        {
            values.Add(StartB);
        }

        return values;

        void Enter(char target)
        {
            if (set == target)
            {
                return;
            }

            values.Add(set == ' '
                ? target switch { 'A' => StartA, 'B' => StartB, _ => StartC }
                : target switch { 'A' => CodeA, 'B' => CodeB, _ => CodeC });
            set = target;
        }
    }

    /// <summary>Bar pattern (true = bar) with check symbol and stop; no quiet zone.</summary>
    public static bool[] Modules(List<int> values) => Symbols.Code128Bars.Modules(values);

    private static int DigitRun(IReadOnlyList<int> items, int from)
    {
        var n = 0;
        while (from + n < items.Count && items[from + n] is >= '0' and <= '9')
        {
            n++;
        }

        return n;
    }
}
