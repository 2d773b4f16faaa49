using System.Globalization;

namespace Traceability.Core.Serials;

/// <summary>
/// The chance that a made-up serial of a GTIN is a real one: live serials ÷ code space. The EU Falsified
/// Medicines Directive (Delegated Regulation (EU) 2016/161, Art. 4) sets the bar at 1 in 10,000.
/// </summary>
public static class GuessProbability
{
    /// <summary>The bar: a guess may succeed at most 1 in this many times.</summary>
    public const long LimitOneIn = 10_000;

    /// <summary>How many codes there are per live serial (the "N" of "1 in N"), rounded down.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="liveSerials"/> is below 1.</exception>
    public static UInt128 OneIn(SerialFormat format, long liveSerials)
    {
        ArgumentNullException.ThrowIfNull(format);
        CheckVolume(liveSerials);
        return format.CodeSpace / (ulong)liveSerials;
    }

    /// <summary>True when <paramref name="liveSerials"/> of <paramref name="format"/> keep a guess at or below 1 in 10,000.</summary>
    public static bool IsAcceptable(SerialFormat format, long liveSerials)
    {
        ArgumentNullException.ThrowIfNull(format);
        CheckVolume(liveSerials);
        return (UInt128)(ulong)liveSerials * LimitOneIn <= format.CodeSpace;
    }

    /// <summary>
    /// Why <paramref name="plannedSerials"/> of <paramref name="format"/> break the bar, with the numbers and the
    /// shortest length that would do, e.g. "10 digits give 1e10 codes; 5,000,000 planned serials make a guess
    /// succeed 1 in 2,000; the limit is 1 in 10,000: use 11 or more digits"; null when they keep it.
    /// </summary>
    public static string? FindProblem(SerialFormat format, long plannedSerials)
    {
        if (IsAcceptable(format, plannedSerials))
        {
            return null;
        }

        var inv = CultureInfo.InvariantCulture;
        var needed = MinimumLength(format.Alphabet, plannedSerials);
        var advice = needed is int n
            ? $"use {n} or more {format.Alphabet.Name}"
            : $"no length up to {Serial.MaxLength} is enough with {format.Alphabet.Name}: plan fewer serials for this GTIN or use a larger alphabet";
        return string.Create(
            inv,
            $"{format.Length} {format.Alphabet.Name} give {format.DescribeCodeSpace()} codes; {plannedSerials:N0} planned serials make a guess succeed 1 in {OneIn(format, plannedSerials).ToString("N0", inv)}; the limit is 1 in {LimitOneIn:N0}: {advice}");
    }

    /// <summary>The shortest length of <paramref name="alphabet"/> that keeps <paramref name="plannedSerials"/> at the bar; null when even 20 characters do not.</summary>
    public static int? MinimumLength(SerialAlphabet alphabet, long plannedSerials)
    {
        ArgumentNullException.ThrowIfNull(alphabet);
        CheckVolume(plannedSerials);
        var needed = (UInt128)(ulong)plannedSerials * LimitOneIn;
        UInt128 space = 1;
        for (var length = 1; length <= Serial.MaxLength; length++)
        {
            space *= (uint)alphabet.Size;
            if (space >= needed)
            {
                return length;
            }
        }

        return null;
    }

    private static void CheckVolume(long serials)
    {
        if (serials < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(serials), serials, "The number of serials must be at least 1.");
        }
    }
}
