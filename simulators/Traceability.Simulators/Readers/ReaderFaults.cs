namespace Traceability.Simulators.Readers;

/// <summary>What the simulated reader did with one inspection.</summary>
public enum InspectionOutcome
{
    /// <summary>Sent the decoded text.</summary>
    Read,

    /// <summary>Sent the no-read token (nothing decoded, or an injected no-read).</summary>
    NoRead,

    /// <summary>Sent the decoded text with one character changed.</summary>
    Misread,

    /// <summary>Sent a frame that breaks the framing.</summary>
    Damaged,
}

/// <summary>One inspection's result: the outcome, the text sent (null for no-read and damaged), whether it went twice, and the exact bytes.</summary>
public sealed record Inspection(InspectionOutcome Outcome, string? Decoded, string? Sent, bool Duplicated, byte[] Wire);

/// <summary>
/// The seeded fault draws, apart from any I/O so a test can pin the sequence. Every inspection draws twice in the same
/// order (the outcome, then the duplicate), plus a position and a character for a misread, so the sequence depends only on
/// the seed and the inspections.
/// </summary>
internal sealed class ReaderFaults(SimulatedReaderOptions options)
{
    private readonly Random _random = new(options.Seed);

    public (InspectionOutcome Outcome, string? Text, bool Duplicate) Next(string? decoded)
    {
        var u = _random.NextDouble();
        var duplicate = _random.NextDouble() < options.DuplicateRate;
        if (decoded is null || u < options.NoReadRate)
        {
            return (InspectionOutcome.NoRead, null, false);
        }

        if (u < options.NoReadRate + options.DamagedRate)
        {
            return (InspectionOutcome.Damaged, decoded, false);
        }

        if (u < options.NoReadRate + options.DamagedRate + options.MisreadRate)
        {
            return (InspectionOutcome.Misread, Misread(decoded), duplicate);
        }

        return (InspectionOutcome.Read, decoded, duplicate);
    }

    private string Misread(string text)
    {
        // Change one character, never a GS: a misread digit or letter, as a smudge or a bad module would cause.
        var positions = Enumerable.Range(0, text.Length).Where(i => text[i] != '\u001D').ToArray();
        if (positions.Length == 0)
        {
            return text;
        }

        var at = positions[_random.Next(positions.Length)];
        var c = text[at];
        var replacement = char.IsAsciiDigit(c) ? (char)('0' + ((c - '0' + 1 + _random.Next(9)) % 10))
            : char.IsAsciiLetterUpper(c) ? (char)('A' + ((c - 'A' + 1 + _random.Next(25)) % 26))
            : c == 'X' ? 'Y' : 'X';
        return string.Concat(text.AsSpan(0, at), [replacement], text.AsSpan(at + 1));
    }
}
