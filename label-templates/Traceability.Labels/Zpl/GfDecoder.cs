using System.IO.Compression;

namespace Traceability.Labels.Zpl;

/// <summary>
/// Decodes ^GF A (ASCII hex) data into packed rows, 1 bit = black, most significant bit leftmost.
/// Understands plain hex, Zebra's run-length compression (G–Y = 1–19, g–z = 20–400 repeats of the next hex digit;
/// ',' fills the rest of the row with 0, '!' with 1, ':' repeats the previous row) and the :Z64: / :B64: forms
/// that exporters such as Labelary write.
/// </summary>
internal static class GfDecoder
{
    public static byte[] Decode(ZplCommand command, string data, int totalBytes, int bytesPerRow)
    {
        if (bytesPerRow <= 0)
        {
            throw new ZplException(command, $"{bytesPerRow} bytes per row");
        }

        if (totalBytes < 0)
        {
            throw new ZplException(command, $"{totalBytes} bytes announced");
        }

        data = data.Trim();
        byte[] bytes;
        int given;
        if (data.StartsWith(":Z64:", StringComparison.OrdinalIgnoreCase) || data.StartsWith(":B64:", StringComparison.OrdinalIgnoreCase))
        {
            bytes = DecodeBase64(command, data);
            given = bytes.Length;
        }
        else
        {
            (bytes, given) = DecodeHex(command, data, totalBytes, bytesPerRow);
        }

        if (given < totalBytes)
        {
            throw new ZplException(command, $"{totalBytes} bytes announced, {given} given");
        }

        if (bytes.Length != totalBytes)
        {
            Array.Resize(ref bytes, totalBytes);
        }

        return bytes;
    }

    private static byte[] DecodeBase64(ZplCommand command, string data)
    {
        var compressed = data[1] is 'Z' or 'z';
        var body = data[5..];
        var crc = body.IndexOf(':', StringComparison.Ordinal);
        if (crc >= 0)
        {
            body = body[..crc]; // the CRC after the second colon guards the wire, not the picture
        }

        byte[] raw;
        try
        {
            raw = Convert.FromBase64String(body);
        }
        catch (FormatException)
        {
            throw new ZplException(command, "the base64 data is not valid base64");
        }

        if (!compressed)
        {
            return raw;
        }

        try
        {
            using var input = new MemoryStream(raw);
            using var zlib = new ZLibStream(input, CompressionMode.Decompress);
            using var output = new MemoryStream();
            zlib.CopyTo(output);
            return output.ToArray();
        }
        catch (InvalidDataException)
        {
            throw new ZplException(command, "the :Z64: data does not inflate");
        }
    }

    private static (byte[] Bytes, int Given) DecodeHex(ZplCommand command, string data, int totalBytes, int bytesPerRow)
    {
        var rowNibbles = bytesPerRow * 2;
        var nibbles = new List<byte>(totalBytes * 2);
        var rowStart = 0;
        var repeat = 0;
        foreach (var c in data)
        {
            if (c is >= 'G' and <= 'Y')
            {
                repeat += c - 'G' + 1;
                continue;
            }

            if (c is >= 'g' and <= 'z')
            {
                repeat += (c - 'g' + 1) * 20;
                continue;
            }

            switch (c)
            {
                case ',':
                case '!':
                    var fill = c == ',' ? (byte)0 : (byte)0xF;
                    // A ',' or '!' that starts a row fills that whole row.
                    while (nibbles.Count - rowStart < rowNibbles)
                    {
                        nibbles.Add(fill);
                    }

                    rowStart = nibbles.Count;
                    repeat = 0;
                    continue;
                case ':':
                    if (nibbles.Count - rowStart != 0)
                    {
                        throw new ZplException(command, $"':' (repeat row) in the middle of row {(rowStart / rowNibbles) + 1}");
                    }

                    if (rowStart == 0)
                    {
                        // A ':' on the first row repeats an all-white row, the state a printer starts from.
                        for (var k = 0; k < rowNibbles; k++)
                        {
                            nibbles.Add(0);
                        }
                    }
                    else
                    {
                        for (var k = rowStart - rowNibbles; k < rowStart; k++)
                        {
                            nibbles.Add(nibbles[k]);
                        }
                    }

                    rowStart = nibbles.Count;
                    repeat = 0;
                    continue;
                case ' ' or '\t':
                    continue;
            }

            var value = HexValue(c);
            if (value < 0)
            {
                throw new ZplException(command, $"'{c}' is not hex data");
            }

            var count = repeat == 0 ? 1 : repeat;
            repeat = 0;
            for (var k = 0; k < count; k++)
            {
                nibbles.Add((byte)value);
                if (nibbles.Count - rowStart == rowNibbles)
                {
                    rowStart = nibbles.Count;
                }
            }
        }

        var given = nibbles.Count / 2;
        var bytes = new byte[Math.Max(given, totalBytes)];
        for (var k = 0; k + 1 < nibbles.Count; k += 2)
        {
            bytes[k / 2] = (byte)((nibbles[k] << 4) | nibbles[k + 1]);
        }

        return (bytes, given);
    }

    private static int HexValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'A' and <= 'F' => c - 'A' + 10,
        >= 'a' and <= 'f' => c - 'a' + 10,
        _ => -1,
    };
}
