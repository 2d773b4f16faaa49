namespace Traceability.Simulators.Printers;

/// <summary>One format the simulator printed: the ZPL it received and the label as a PNG (what a camera would see).</summary>
/// <param name="Sequence">1-based, in print order.</param>
/// <param name="Zpl">The ^XA … ^XZ format as received.</param>
/// <param name="Png">The rendered label.</param>
/// <param name="Quantity">Copies asked for (^PQ), 1 by default.</param>
/// <param name="PrintedAt">When it came out of the printer.</param>
public sealed record PrintedLabel(int Sequence, string Zpl, byte[] Png, int Quantity, DateTimeOffset PrintedAt);

/// <summary>A format the simulator could not print: the ZPL and the interpreter's message (command and position).</summary>
public sealed record PrinterError(string Zpl, string Message, DateTimeOffset At);
