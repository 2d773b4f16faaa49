using System.Globalization;
using Traceability.Core.Gs1;

namespace Traceability.Core.Serials;

/// <summary>
/// Issues random, unique serials for one GTIN from a cryptographically secure generator, never in sequence.
/// It remembers every serial it issued or was told about (<see cref="MarkIssued"/>) and redraws on a
/// collision, and it refuses a planned volume that would let a guessed serial succeed more often than
/// 1 in 10,000 (<see cref="GuessProbability"/>), as well as issuing beyond that volume.
/// Not thread-safe: one caller at a time per instance.
/// </summary>
public sealed class SerialGenerator
{
    // Up-front capacity for the issued set, so the first million serials do not pay for rehashing.
    private const int InitialCapacityLimit = 1 << 20;

    private readonly SerialDraw _draw;
    private readonly HashSet<ulong>? _issuedWords;
    private readonly HashSet<UInt128>? _issuedLarge;

    /// <summary>Creates a generator for <paramref name="gtin"/> that will issue at most <paramref name="plannedVolume"/> serials of <paramref name="format"/>.</summary>
    /// <param name="gtin">The GTIN the serials belong to.</param>
    /// <param name="format">Alphabet and length of the serials.</param>
    /// <param name="plannedVolume">How many serials this GTIN will ever have live, counting those already issued.</param>
    /// <exception cref="ArgumentException">The GTIN is the default value, or the planned volume would let a guess succeed more often than 1 in 10,000; the message gives the numbers.</exception>
    public SerialGenerator(Gtin gtin, SerialFormat format, long plannedVolume)
        : this(gtin, format, plannedVolume, null)
    {
    }

    internal SerialGenerator(Gtin gtin, SerialFormat format, long plannedVolume, RandomFill? fill)
    {
        ArgumentNullException.ThrowIfNull(format);
        if (gtin.Value is null)
        {
            throw new ArgumentException("The GTIN is the default value; parse one with Gtin.Parse.", nameof(gtin));
        }

        if (plannedVolume < 1)
        {
            throw new ArgumentOutOfRangeException(
                nameof(plannedVolume), plannedVolume, $"GTIN {gtin}: the planned volume must be at least 1 serial.");
        }

        if (GuessProbability.FindProblem(format, plannedVolume) is { } problem)
        {
            throw new ArgumentException($"GTIN {gtin}: {problem}.", nameof(plannedVolume));
        }

        Gtin = gtin;
        Format = format;
        PlannedVolume = plannedVolume;
        _draw = new SerialDraw(format, fill);
        var capacity = (int)Math.Min(plannedVolume, InitialCapacityLimit);
        if (format.IsWordDrawn)
        {
            _issuedWords = new HashSet<ulong>(capacity);
        }
        else
        {
            _issuedLarge = new HashSet<UInt128>(capacity);
        }
    }

    /// <summary>The GTIN the serials belong to.</summary>
    public Gtin Gtin { get; }

    /// <summary>Alphabet and length of the serials.</summary>
    public SerialFormat Format { get; }

    /// <summary>The most serials this GTIN may have live; the guess bar was checked against it.</summary>
    public long PlannedVolume { get; }

    /// <summary>Serials issued by this instance or recorded with <see cref="MarkIssued"/>.</summary>
    public long IssuedCount => _issuedWords?.Count ?? _issuedLarge!.Count;

    /// <summary>How many more serials may be issued within the planned volume.</summary>
    public long Remaining => PlannedVolume - IssuedCount;

    /// <summary>Draws that hit an issued serial and were drawn again (for tests and diagnostics).</summary>
    internal long Redraws { get; private set; }

    /// <summary>
    /// Records a serial issued earlier (e.g. loaded from storage after a restart) so it is never issued again.
    /// </summary>
    /// <returns>False when the serial was already recorded.</returns>
    /// <exception cref="ArgumentException">The serial is not of this generator's format.</exception>
    /// <exception cref="InvalidOperationException">Recording it would exceed the planned volume.</exception>
    public bool MarkIssued(ReadOnlySpan<char> serial)
    {
        if (!Format.TryDecode(serial, out var value))
        {
            throw new ArgumentException($"GTIN {Gtin}, issued serial: {Format.FindProblem(serial)}", nameof(serial));
        }

        if (_issuedWords is not null ? _issuedWords.Contains((ulong)value) : _issuedLarge!.Contains(value))
        {
            return false;
        }

        EnsureRemaining();
        return _issuedWords?.Add((ulong)value) ?? _issuedLarge!.Add(value);
    }

    /// <summary>Issues the next serial.</summary>
    /// <exception cref="InvalidOperationException">The planned volume is used up.</exception>
    public Serial Next() =>
        Serial.FromTrusted(string.Create(Format.Length, this, static (span, generator) => generator.NextInto(span)));

    /// <summary>Issues the next serial into <paramref name="destination"/> without allocating.</summary>
    /// <returns>The number of characters written, <see cref="SerialFormat.Length"/>.</returns>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is shorter than the serial length.</exception>
    /// <exception cref="InvalidOperationException">The planned volume is used up.</exception>
    public int Next(Span<char> destination)
    {
        Format.CheckDestination(destination);
        NextInto(destination);
        return Format.Length;
    }

    private void NextInto(Span<char> destination)
    {
        EnsureRemaining();
        if (_issuedWords is not null)
        {
            // The guess bar keeps the issued set below 1/10,000 of the code space, so redraws are rare.
            ulong value;
            while (!_issuedWords.Add(value = _draw.NextWordValue()))
            {
                Redraws++;
            }

            Format.EncodeWord(value, destination);
        }
        else
        {
            while (!_issuedLarge!.Add(_draw.NextLarge(destination)))
            {
                Redraws++;
            }
        }
    }

    private void EnsureRemaining()
    {
        if (IssuedCount >= PlannedVolume)
        {
            throw new InvalidOperationException(string.Create(
                CultureInfo.InvariantCulture,
                $"GTIN {Gtin}: all {PlannedVolume:N0} planned serials are issued; more would push a guess above 1 in {GuessProbability.LimitOneIn:N0}. Raise the planned volume (it is checked again) or use a longer serial."));
        }
    }
}
