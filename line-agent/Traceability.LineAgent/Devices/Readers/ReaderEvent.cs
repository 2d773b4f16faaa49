namespace Traceability.LineAgent.Devices.Readers;

/// <summary>What a code reader reported: a decoded code, a no-read, or bytes that broke the framing.</summary>
public abstract record ReaderEvent(DateTimeOffset At)
{
    /// <summary>A decoded code. <paramref name="Text"/> is the payload byte for byte (Latin-1), GS (0x1D) kept for GS1 data.</summary>
    public sealed record Read(string Text, DateTimeOffset At) : ReaderEvent(At);

    /// <summary>The reader saw the trigger but decoded nothing (it sent its no-read token).</summary>
    public sealed record NoRead(DateTimeOffset At) : ReaderEvent(At);

    /// <summary>Bytes that broke the framing; <paramref name="Reason"/> says how. The next good frame is read normally.</summary>
    public sealed record Garbled(byte[] Raw, string Reason, DateTimeOffset At) : ReaderEvent(At);
}
