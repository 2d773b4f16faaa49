using System.Globalization;
using System.Text;

namespace Traceability.LineAgent.Devices.Readers;

/// <summary>
/// Splits reader bytes into frames, one byte at a time so a frame may arrive in any number of pieces. Pure: no I/O, no
/// clock; the caller stamps the events. Resynchronises after garbage: on the next prefix when there is one, else after
/// the next suffix.
/// </summary>
internal sealed class ReaderFrameDecoder(ReaderFraming framing, string noReadToken)
{
    private readonly List<byte> _buffer = new(64);
    private bool _inFrame;
    private bool _skipping;

    private bool HasPrefix => framing.Prefix.Length > 0;

    /// <summary>Forgets a partial frame (after a reconnect: its start is gone).</summary>
    public void Reset()
    {
        _buffer.Clear();
        _inFrame = false;
        _skipping = false;
    }

    /// <summary>Feeds received bytes; <paramref name="emit"/> gets each frame outcome (the timestamp is filled in by the caller).</summary>
    public void Feed(ReadOnlySpan<byte> bytes, Action<FrameOutcome> emit)
    {
        foreach (var b in bytes)
        {
            _buffer.Add(b);
            if (HasPrefix && !_inFrame)
            {
                OutsideFrame(emit);
            }
            else
            {
                InsideFrame(emit);
            }
        }
    }

    private void OutsideFrame(Action<FrameOutcome> emit)
    {
        if (EndsWith(framing.Prefix))
        {
            var junk = _buffer.Count - framing.Prefix.Length;
            if (junk > 0)
            {
                emit(FrameOutcome.Bad(_buffer.GetRange(0, junk).ToArray(), $"{junk} byte(s) before the prefix"));
            }

            _buffer.Clear();
            _buffer.AddRange(framing.Prefix);
            _inFrame = true;
            return;
        }

        if (EndsWith(framing.Suffix))
        {
            emit(FrameOutcome.Bad([.. _buffer], "a frame without the prefix"));
            _buffer.Clear();
            return;
        }

        if (_buffer.Count > framing.MaxFrameLength + framing.Prefix.Length + framing.Suffix.Length)
        {
            emit(FrameOutcome.Bad([.. _buffer], "no prefix or suffix within the longest frame"));
            _buffer.Clear();
        }
    }

    private void InsideFrame(Action<FrameOutcome> emit)
    {
        var prefixLength = framing.Prefix.Length;
        if (EndsWith(framing.Suffix))
        {
            if (!_skipping)
            {
                var start = _inFrame ? prefixLength : 0;
                var payload = _buffer.GetRange(start, _buffer.Count - start - framing.Suffix.Length).ToArray();
                emit(Classify(payload, [.. _buffer]));
            }

            Reset();
            return;
        }

        if (HasPrefix && _buffer.Count >= 2 * prefixLength && EndsWith(framing.Prefix))
        {
            // A new frame began before this one ended: the suffix was lost.
            if (!_skipping)
            {
                emit(FrameOutcome.Bad(_buffer.GetRange(0, _buffer.Count - prefixLength).ToArray(), "the prefix again before the suffix"));
            }

            _buffer.RemoveRange(0, _buffer.Count - prefixLength);
            _skipping = false;
            return;
        }

        if (!_skipping && _buffer.Count > framing.MaxFrameLength + prefixLength + framing.Suffix.Length - 1)
        {
            emit(FrameOutcome.Bad([.. _buffer], string.Create(CultureInfo.InvariantCulture, $"no suffix within {framing.MaxFrameLength} bytes")));
            _skipping = true;
        }

        if (_skipping && _buffer.Count > 256)
        {
            // Keep only enough to recognise the next prefix or suffix.
            var keep = Math.Max(prefixLength, framing.Suffix.Length);
            _buffer.RemoveRange(0, _buffer.Count - keep);
        }
    }

    private FrameOutcome Classify(byte[] payload, byte[] raw)
    {
        if (payload.Length == 0)
        {
            return FrameOutcome.Bad(raw, "an empty frame");
        }

        for (var i = 0; i < payload.Length; i++)
        {
            // Readers send text: printable ASCII/Latin-1, and GS (0x1D) for GS1 data. Anything else is line noise.
            var b = payload[i];
            if (b is < 0x20 and not 0x1D and not 0x09 || b == 0x7F)
            {
                return FrameOutcome.Bad(raw, string.Create(CultureInfo.InvariantCulture, $"control byte 0x{b:X2} at position {i}"));
            }
        }

        var text = Encoding.Latin1.GetString(payload);
        return string.Equals(text, noReadToken, StringComparison.Ordinal) ? FrameOutcome.NoRead : FrameOutcome.Good(text);
    }

    private bool EndsWith(ReadOnlySpan<byte> tail)
    {
        if (_buffer.Count < tail.Length)
        {
            return false;
        }

        var offset = _buffer.Count - tail.Length;
        for (var i = 0; i < tail.Length; i++)
        {
            if (_buffer[offset + i] != tail[i])
            {
                return false;
            }
        }

        return true;
    }
}

/// <summary>One frame's outcome before it is stamped: text, no-read, or garbled bytes with the reason.</summary>
internal readonly record struct FrameOutcome(string? Text, byte[]? Raw, string? Reason)
{
    public static FrameOutcome NoRead => new(null, null, null);

    public static FrameOutcome Good(string text) => new(text, null, null);

    public static FrameOutcome Bad(byte[] raw, string reason) => new(null, raw, reason);

    public ReaderEvent ToEvent(DateTimeOffset at) =>
        Text is not null ? new ReaderEvent.Read(Text, at)
        : Raw is not null ? new ReaderEvent.Garbled(Raw, Reason ?? "garbled", at)
        : new ReaderEvent.NoRead(at);
}
