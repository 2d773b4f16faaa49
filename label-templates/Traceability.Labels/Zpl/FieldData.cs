using System.Text;

namespace Traceability.Labels.Zpl;

/// <summary>^FH: the escape character followed by two hex digits stands for that byte (_1D is GS).</summary>
internal static class FieldData
{
    public static string Unescape(ZplCommand command, string data, char escape, bool utf8)
    {
        if (!data.Contains(escape, StringComparison.Ordinal))
        {
            return data;
        }

        var encoding = utf8 ? Encoding.UTF8 : Encoding.Latin1;
        var bytes = new List<byte>(data.Length);
        Span<byte> buffer = stackalloc byte[4];
        for (var i = 0; i < data.Length; i++)
        {
            if (data[i] == escape)
            {
                if (i + 2 >= data.Length || !byte.TryParse(data.AsSpan(i + 1, 2), System.Globalization.NumberStyles.AllowHexSpecifier, null, out var value))
                {
                    var found = data.AsSpan(i + 1, Math.Min(2, data.Length - i - 1)).ToString();
                    throw new ZplException(command, $"'{escape}{found}' at data offset {i + 1} is not '{escape}' followed by two hex digits (^FH is on)");
                }

                bytes.Add(value);
                i += 2;
                continue;
            }

            var n = encoding.GetBytes(data.AsSpan(i, char.IsHighSurrogate(data[i]) && i + 1 < data.Length ? 2 : 1), buffer);
            if (n == 2 && char.IsHighSurrogate(data[i]))
            {
                i++;
            }

            for (var k = 0; k < n; k++)
            {
                bytes.Add(buffer[k]);
            }
        }

        return encoding.GetString([.. bytes]);
    }
}
