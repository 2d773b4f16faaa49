using Traceability.LineAgent.Devices.Readers;
using ZXing;

namespace Traceability.Simulators.Readers;

/// <summary>The simulated reader's wire settings and fault knobs (rates from 0 to 1; see DATASHEET.md).</summary>
public sealed class SimulatedReaderOptions
{
    /// <summary>How each result is framed on the wire (default CR LF).</summary>
    public ReaderFraming Framing { get; set; } = ReaderFraming.CrLf;

    /// <summary>What is sent when nothing decodes (default NOREAD).</summary>
    public string NoReadToken { get; set; } = "NOREAD";

    /// <summary>The symbologies the reader is set up for.</summary>
    public IReadOnlyList<BarcodeFormat> Symbologies { get; set; } = [BarcodeFormat.DATA_MATRIX, BarcodeFormat.QR_CODE, BarcodeFormat.CODE_128];

    /// <summary>Listen on 127.0.0.1 (port 0: see <see cref="SimulatedCodeReader.Port"/>) and send results to every client.</summary>
    public bool ListenTcp { get; set; } = true;

    /// <summary>Also send results to this serial port or pseudo-terminal (null: none).</summary>
    public string? SerialPath { get; set; }

    /// <summary>The seed of the fault draws: the same seed and the same inspections give the same faults.</summary>
    public int Seed { get; set; } = 1;

    /// <summary>Share of inspections reported as a no-read although the label decodes.</summary>
    public double NoReadRate { get; set; }

    /// <summary>Share of inspections sent as a damaged (garbled) frame.</summary>
    public double DamagedRate { get; set; }

    /// <summary>Share of inspections sent with one character changed.</summary>
    public double MisreadRate { get; set; }

    /// <summary>Share of reads (good or misread) sent twice.</summary>
    public double DuplicateRate { get; set; }
}
