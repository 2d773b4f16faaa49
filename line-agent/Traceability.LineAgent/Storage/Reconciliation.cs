using Traceability.Core.Lifecycle;

namespace Traceability.LineAgent.Storage;

/// <summary>
/// A work order's unit counts. Every unit is in exactly one bucket of each equation, so at every moment
/// issued = printed + unused; printed = verified + rejected + awaiting verdict; verified = packed + samples + decommissioned + loose.
/// </summary>
/// <param name="Issued">Serials taken from the pool for the work order (one per unit).</param>
/// <param name="Unused">Taken, not printed yet (Allocated), or voided unprinted (Invalid).</param>
/// <param name="Printed">Sent to the printer (Encoded and every state after it).</param>
/// <param name="AwaitingVerdict">
/// Printed, no verdict yet (Encoded): the labels between printer and reader. Zero when the line is idle, at close,
/// and after <see cref="LineStoreTransaction.RejectUnitsAwaitingVerdict"/> at restart; the issue's
/// "printed = verified + rejected" holds whenever it is zero.
/// </param>
/// <param name="Verified">Passed verification: Commissioned, Sampled, Inactive, Destroyed.</param>
/// <param name="Rejected">Failed verification or never applied: LabelScrapped, LabelSampled.</param>
/// <param name="Packed">Commissioned and in a case.</param>
/// <param name="Samples">Taken as samples (Sampled).</param>
/// <param name="Decommissioned">Inactive or Destroyed.</param>
/// <param name="Loose">Commissioned and in no case.</param>
public readonly record struct Reconciliation(
    long Issued,
    long Unused,
    long Printed,
    long AwaitingVerdict,
    long Verified,
    long Rejected,
    long Packed,
    long Samples,
    long Decommissioned,
    long Loose)
{
    /// <summary>True when all three equations hold.</summary>
    public bool IsBalanced => Imbalances().Count == 0;

    /// <summary>The equations that do not hold, with their numbers; empty when balanced.</summary>
    public IReadOnlyList<string> Imbalances()
    {
        var problems = new List<string>();
        if (Issued != Printed + Unused)
        {
            problems.Add($"issued {Issued} ≠ printed {Printed} + unused {Unused}");
        }

        if (Printed != Verified + Rejected + AwaitingVerdict)
        {
            problems.Add($"printed {Printed} ≠ verified {Verified} + rejected {Rejected} + awaiting verdict {AwaitingVerdict}");
        }

        if (Verified != Packed + Samples + Decommissioned + Loose)
        {
            problems.Add($"verified {Verified} ≠ packed {Packed} + samples {Samples} + decommissioned {Decommissioned} + loose {Loose}");
        }

        return problems;
    }

    /// <summary>What one unit in <paramref name="state"/> adds to its work order's counts.</summary>
    public static Reconciliation Of(SerialState state, bool inCase)
    {
        // Printed: the serial went to the printer, so it may exist on a label. Every other state (Allocated on a unit,
        // Invalid, and the pool states no unit is in) is unused.
        var printed = state is SerialState.Encoded or SerialState.LabelSampled or SerialState.LabelScrapped or SerialState.Commissioned
            or SerialState.Sampled or SerialState.Inactive or SerialState.Destroyed or SerialState.Released;
        var verified = state is SerialState.Commissioned or SerialState.Sampled or SerialState.Inactive or SerialState.Destroyed or SerialState.Released;
        return new Reconciliation(
            Issued: 1,
            Unused: printed ? 0 : 1,
            Printed: printed ? 1 : 0,
            AwaitingVerdict: state == SerialState.Encoded ? 1 : 0,
            Verified: verified ? 1 : 0,
            Rejected: state is SerialState.LabelScrapped or SerialState.LabelSampled ? 1 : 0,
            Packed: state == SerialState.Commissioned && inCase ? 1 : 0,
            Samples: state == SerialState.Sampled ? 1 : 0,
            Decommissioned: state is SerialState.Inactive or SerialState.Destroyed ? 1 : 0,
            Loose: (state == SerialState.Commissioned && !inCase) || state == SerialState.Released ? 1 : 0);
    }

    /// <summary>Adds two sets of counts.</summary>
    public static Reconciliation operator +(Reconciliation a, Reconciliation b) => new(
        a.Issued + b.Issued, a.Unused + b.Unused, a.Printed + b.Printed, a.AwaitingVerdict + b.AwaitingVerdict,
        a.Verified + b.Verified, a.Rejected + b.Rejected, a.Packed + b.Packed, a.Samples + b.Samples,
        a.Decommissioned + b.Decommissioned, a.Loose + b.Loose);

    /// <summary>Subtracts <paramref name="b"/> from <paramref name="a"/>.</summary>
    public static Reconciliation operator -(Reconciliation a, Reconciliation b) => new(
        a.Issued - b.Issued, a.Unused - b.Unused, a.Printed - b.Printed, a.AwaitingVerdict - b.AwaitingVerdict,
        a.Verified - b.Verified, a.Rejected - b.Rejected, a.Packed - b.Packed, a.Samples - b.Samples,
        a.Decommissioned - b.Decommissioned, a.Loose - b.Loose);

    /// <summary>Adds two sets of counts (for languages without operators).</summary>
    public static Reconciliation Add(Reconciliation left, Reconciliation right) => left + right;

    /// <summary>Subtracts <paramref name="right"/> from <paramref name="left"/> (for languages without operators).</summary>
    public static Reconciliation Subtract(Reconciliation left, Reconciliation right) => left - right;
}
