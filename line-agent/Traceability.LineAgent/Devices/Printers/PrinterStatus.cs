using System.Globalization;
using System.Text;

namespace Traceability.LineAgent.Devices.Printers;

/// <summary>The print mode reported in ~HS string 2, field r.</summary>
public enum ZebraPrintMode
{
    /// <summary>0: rewind.</summary>
    Rewind = 0,

    /// <summary>1: peel-off.</summary>
    PeelOff = 1,

    /// <summary>2: tear-off.</summary>
    TearOff = 2,

    /// <summary>3: cutter.</summary>
    Cutter = 3,

    /// <summary>4: applicator.</summary>
    Applicator = 4,

    /// <summary>5: delayed cut.</summary>
    DelayedCut = 5,
}

/// <summary>
/// A Zebra printer's answer to ~HS (ZPL II Programming Guide, "~HS Host Status Return"): three strings, each framed
/// STX … ETX CR LF, comma-separated fields.
/// <code>
/// String 1  aaa,b,c,dddd,eee,f,g,h,iii,j,k,l
///           aaa comm settings, b paper out, c pause, dddd label length (dots), eee formats in receive buffer,
///           f buffer full, g comm diagnostic mode, h partial format, iii unused, j corrupt RAM, k under temp, l over temp
/// String 2  mmm,n,o,p,q,r,s,t,uuuuuuuu,v,www
///           mmm function settings, n unused, o head up, p ribbon out, q thermal transfer, r print mode,
///           s print width mode, t label waiting (peel-off), uuuuuuuu labels remaining in batch,
///           v format while printing (always 1), www graphics stored
/// String 3  xxxx,y
///           xxxx password, y static RAM installed
/// </code>
/// </summary>
public sealed record PrinterStatus
{
    /// <summary>String 1, b: out of paper (media).</summary>
    public bool PaperOut { get; init; }

    /// <summary>String 1, c: paused.</summary>
    public bool Paused { get; init; }

    /// <summary>String 1, dddd: label length in dots.</summary>
    public int LabelLengthDots { get; init; }

    /// <summary>String 1, eee: formats waiting in the receive buffer.</summary>
    public int FormatsInReceiveBuffer { get; init; }

    /// <summary>String 1, f: the receive buffer is full.</summary>
    public bool BufferFull { get; init; }

    /// <summary>String 1, g: communications diagnostic mode is on.</summary>
    public bool DiagnosticMode { get; init; }

    /// <summary>String 1, h: a format is partly received.</summary>
    public bool PartialFormatInProgress { get; init; }

    /// <summary>String 1, j: configuration data lost.</summary>
    public bool CorruptRam { get; init; }

    /// <summary>String 1, k: the head is under temperature.</summary>
    public bool UnderTemperature { get; init; }

    /// <summary>String 1, l: the head is over temperature.</summary>
    public bool OverTemperature { get; init; }

    /// <summary>String 2, o: the print head is up (open).</summary>
    public bool HeadOpen { get; init; }

    /// <summary>String 2, p: out of ribbon.</summary>
    public bool RibbonOut { get; init; }

    /// <summary>String 2, q: thermal transfer (ribbon) mode rather than direct thermal.</summary>
    public bool ThermalTransfer { get; init; }

    /// <summary>String 2, r: the print mode.</summary>
    public ZebraPrintMode PrintMode { get; init; }

    /// <summary>String 2, t: a label waits to be taken (peel-off mode).</summary>
    public bool LabelWaiting { get; init; }

    /// <summary>String 2, uuuuuuuu: labels remaining in the batch being printed.</summary>
    public int LabelsRemainingInBatch { get; init; }

    /// <summary>String 2, www: graphic images stored in memory.</summary>
    public int GraphicsStored { get; init; }

    /// <summary>No condition stops printing.</summary>
    public bool IsReady => Conditions.Count == 0;

    /// <summary>The conditions that stop printing, in words ("ribbon out", "head open"…), empty when ready.</summary>
    public IReadOnlyList<string> Conditions
    {
        get
        {
            var list = new List<string>();
            Add(PaperOut, "paper out");
            Add(RibbonOut, "ribbon out");
            Add(HeadOpen, "head open");
            Add(Paused, "paused");
            Add(BufferFull, "receive buffer full");
            Add(CorruptRam, "configuration lost (corrupt RAM)");
            Add(UnderTemperature, "head under temperature");
            Add(OverTemperature, "head over temperature");
            return list;

            void Add(bool condition, string text)
            {
                if (condition)
                {
                    list.Add(text);
                }
            }
        }
    }

    /// <summary>Parses the three framed strings (bytes outside STX … ETX, such as CR LF, are ignored).</summary>
    /// <exception cref="FormatException">Not a ~HS answer; the message says which string and field.</exception>
    public static PrinterStatus Parse(ReadOnlySpan<byte> response)
    {
        var frames = HostStatusFrames.Split(response);
        if (frames.Count < 3)
        {
            throw new FormatException($"~HS answer: {frames.Count} of 3 STX…ETX strings.");
        }

        return Parse(frames[0], frames[1], frames[2]);
    }

    /// <summary>Parses the three strings' contents (without STX and ETX).</summary>
    /// <exception cref="FormatException">Not a ~HS answer; the message says which string and field.</exception>
    public static PrinterStatus Parse(string string1, string string2, string string3)
    {
        ArgumentNullException.ThrowIfNull(string1);
        ArgumentNullException.ThrowIfNull(string2);
        ArgumentNullException.ThrowIfNull(string3);
        var s1 = Fields(string1, 1, 12);
        var s2 = Fields(string2, 2, 11);
        _ = Fields(string3, 3, 2);
        var mode = Number(s2, 2, 5, "print mode");
        return new PrinterStatus
        {
            PaperOut = Flag(s1, 1, 1, "paper out flag"),
            Paused = Flag(s1, 1, 2, "pause flag"),
            LabelLengthDots = Number(s1, 1, 3, "label length"),
            FormatsInReceiveBuffer = Number(s1, 1, 4, "formats in receive buffer"),
            BufferFull = Flag(s1, 1, 5, "buffer full flag"),
            DiagnosticMode = Flag(s1, 1, 6, "diagnostic mode flag"),
            PartialFormatInProgress = Flag(s1, 1, 7, "partial format flag"),
            CorruptRam = Flag(s1, 1, 9, "corrupt RAM flag"),
            UnderTemperature = Flag(s1, 1, 10, "under temperature flag"),
            OverTemperature = Flag(s1, 1, 11, "over temperature flag"),
            HeadOpen = Flag(s2, 2, 2, "head up flag"),
            RibbonOut = Flag(s2, 2, 3, "ribbon out flag"),
            ThermalTransfer = Flag(s2, 2, 4, "thermal transfer flag"),
            PrintMode = Enum.IsDefined((ZebraPrintMode)mode) ? (ZebraPrintMode)mode : ZebraPrintMode.TearOff,
            LabelWaiting = Flag(s2, 2, 7, "label waiting flag"),
            LabelsRemainingInBatch = Number(s2, 2, 8, "labels remaining in batch"),
            GraphicsStored = Number(s2, 2, 10, "graphics stored"),
        };
    }

    /// <summary>The three strings as a printer sends them, STX … ETX CR LF each (the simulator answers with this).</summary>
    public byte[] ToHostStatusResponse()
    {
        var string1 = string.Create(CultureInfo.InvariantCulture,
            $"\u0002030,{B(PaperOut)},{B(Paused)},{LabelLengthDots:0000},{FormatsInReceiveBuffer:000},{B(BufferFull)},{B(DiagnosticMode)},{B(PartialFormatInProgress)},000,{B(CorruptRam)},{B(UnderTemperature)},{B(OverTemperature)}\u0003\r\n");
        var string2 = string.Create(CultureInfo.InvariantCulture,
            $"\u0002001,0,{B(HeadOpen)},{B(RibbonOut)},{B(ThermalTransfer)},{(int)PrintMode},6,{B(LabelWaiting)},{LabelsRemainingInBatch:00000000},1,{GraphicsStored:000}\u0003\r\n");
        var text = string1 + string2 + "\u00021234,0\u0003\r\n";
        return Encoding.ASCII.GetBytes(text);

        static char B(bool flag) => flag ? '1' : '0';
    }

    private static string[] Fields(string text, int stringNumber, int expected)
    {
        var fields = text.Split(',');
        return fields.Length >= expected
            ? fields
            : throw new FormatException($"~HS string {stringNumber}: {fields.Length} fields, expected {expected} (\"{text}\").");
    }

    private static bool Flag(string[] fields, int stringNumber, int index, string what) => fields[index].Trim() switch
    {
        "0" => false,
        "1" => true,
        var other => throw new FormatException($"~HS string {stringNumber}, field {index + 1} ({what}): \"{other}\" is not 0 or 1."),
    };

    private static int Number(string[] fields, int stringNumber, int index, string what) =>
        int.TryParse(fields[index].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new FormatException($"~HS string {stringNumber}, field {index + 1} ({what}): \"{fields[index]}\" is not a number.");
}

/// <summary>Finds STX … ETX frames in a byte stream.</summary>
internal static class HostStatusFrames
{
    public const byte Stx = 0x02;
    public const byte Etx = 0x03;

    public static List<string> Split(ReadOnlySpan<byte> bytes)
    {
        var frames = new List<string>();
        while (TryTake(ref bytes, out var frame))
        {
            frames.Add(frame);
        }

        return frames;
    }

    /// <summary>Takes the next complete frame's content, skipping anything before its STX.</summary>
    public static bool TryTake(ref ReadOnlySpan<byte> bytes, out string frame)
    {
        frame = string.Empty;
        var start = bytes.IndexOf(Stx);
        if (start < 0)
        {
            return false;
        }

        var end = bytes[(start + 1)..].IndexOf(Etx);
        if (end < 0)
        {
            return false;
        }

        frame = Encoding.ASCII.GetString(bytes.Slice(start + 1, end));
        bytes = bytes[(start + end + 2)..];
        return true;
    }
}
