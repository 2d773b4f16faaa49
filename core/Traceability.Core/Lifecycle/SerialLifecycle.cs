using System.Diagnostics.CodeAnalysis;

namespace Traceability.Core.Lifecycle;

/// <summary>
/// The serial-number state machine, after OPEN-SCS (OPC 30260): a table of legal transitions and the reason every
/// other move is refused. Pure: it knows nothing of pools, lines or databases; callers ask before they write.
/// </summary>
/// <remarks>
/// <para>The line owns Allocated → Commissioned (print, verify, commission); central owns allocation to lines,
/// Released, and everything after it. The business meaning of each transition is in <see cref="Transitions"/>
/// and in docs/serial-lifecycle.md.</para>
/// <list type="table">
/// <listheader><term>From → To</term><description>Business meaning (recorded by)</description></listheader>
/// <item><term>Unassigned → Unallocated</term><description>Serials issued to a production site or packaging run (central).</description></item>
/// <item><term>Unallocated → Unassigned</term><description>Unused serials handed back to the issuer (central).</description></item>
/// <item><term>Unallocated → Allocated</term><description>Serials allocated to one line's pool for a work order (central, AllocateSerials).</description></item>
/// <item><term>Unallocated → Invalid</term><description>Serials voided before allocation: range withdrawn, order cancelled (central).</description></item>
/// <item><term>Allocated → Unallocated</term><description>An unused serial returned from a line's pool at work-order close (line).</description></item>
/// <item><term>Allocated → Encoded</term><description>The serial was sent to the printer for one unit (line).</description></item>
/// <item><term>Allocated → Invalid</term><description>A never-printed serial voided: work order cancelled, pool discarded (line).</description></item>
/// <item><term>Encoded → Commissioned</term><description>Label applied and verified; the unit exists and is stored (line).</description></item>
/// <item><term>Encoded → LabelSampled</term><description>The printed label was retained as a sample, on no unit (line).</description></item>
/// <item><term>Encoded → LabelScrapped</term><description>The label was rejected before commissioning: print failed, bad grade, no-read, misapplied (line).</description></item>
/// <item><term>Commissioned → Released</term><description>The unit left production's responsibility: shipped (central).</description></item>
/// <item><term>Commissioned → Sampled</term><description>The unit was taken as a QA or retention sample (line or central).</description></item>
/// <item><term>Commissioned → Inactive</term><description>The unit was decommissioned without destruction: hold, quarantine, rework.</description></item>
/// <item><term>Commissioned → Destroyed</term><description>The unit was destroyed in production.</description></item>
/// <item><term>Inactive → Commissioned</term><description>Reactivation of the same unit: hold released, return restocked (central).</description></item>
/// <item><term>Inactive → Destroyed</term><description>An inactive unit was destroyed.</description></item>
/// <item><term>Released → Inactive</term><description>Decommissioned in the field: returned, recalled, stolen, retired by trade-in (central).</description></item>
/// <item><term>Released → Destroyed</term><description>Destroyed in the field: recall destruction, end of life (central).</description></item>
/// </list>
/// <para>Terminal states (no move out): Invalid, LabelSampled, LabelScrapped, Sampled, Destroyed. A serial is never
/// given back to the pool once printed, so it is never printed for a second unit.</para>
/// </remarks>
public static class SerialLifecycle
{
    private static readonly SerialTransition[] Table =
    [
        new(SerialState.Unassigned, SerialState.Unallocated, "Serials issued to a production site or packaging run (central; OPEN-SCS SNRequestUnassigned)."),
        new(SerialState.Unallocated, SerialState.Unassigned, "Unused serials handed back to the issuer (central; OPEN-SCS SNReturnUnallocated)."),
        new(SerialState.Unallocated, SerialState.Allocated, "Serials allocated to one line's pool for a work order (central; AllocateSerials, OPEN-SCS SNtoAllocated)."),
        new(SerialState.Unallocated, SerialState.Invalid, "Serials voided before allocation: range withdrawn, order cancelled (central; OPEN-SCS SNInvalidatingEvent)."),
        new(SerialState.Allocated, SerialState.Unallocated, "An unused serial returned from a line's pool at work-order close (line; OPEN-SCS SNReturnAllocated)."),
        new(SerialState.Allocated, SerialState.Encoded, "The serial was sent to the printer for one unit (line; OPEN-SCS LabelsEncodingEvent)."),
        new(SerialState.Allocated, SerialState.Invalid, "A never-printed serial voided: work order cancelled, pool discarded (line; OPEN-SCS SNInvalidatingEvent)."),
        new(SerialState.Encoded, SerialState.Commissioned, "Label applied and verified; the unit exists and is stored (line; OPEN-SCS SIDCommissioningEvent)."),
        new(SerialState.Encoded, SerialState.LabelSampled, "The printed label was retained as a sample, on no unit (line; OPEN-SCS LabelsSamplingEvent)."),
        new(SerialState.Encoded, SerialState.LabelScrapped, "The label was rejected before commissioning: print failed, bad grade, no-read, misapplied (line; OPEN-SCS LabelsScrappingEvent)."),
        new(SerialState.Commissioned, SerialState.Released, "The unit left production's responsibility: shipped (central; OPEN-SCS SIDShippingEvent)."),
        new(SerialState.Commissioned, SerialState.Sampled, "The unit was taken as a QA or retention sample (line or central)."),
        new(SerialState.Commissioned, SerialState.Inactive, "The unit was decommissioned without destruction: hold, quarantine, rework (line or central)."),
        new(SerialState.Commissioned, SerialState.Destroyed, "The unit was destroyed in production (line or central; OPEN-SCS SIDDestroyingEvent)."),
        new(SerialState.Inactive, SerialState.Commissioned, "Reactivation of the same unit: hold released, return restocked (central). The serial stays on the unit it was printed for."),
        new(SerialState.Inactive, SerialState.Destroyed, "An inactive unit was destroyed (central)."),
        new(SerialState.Released, SerialState.Inactive, "Decommissioned in the field: returned, recalled, stolen, retired by trade-in (central)."),
        new(SerialState.Released, SerialState.Destroyed, "Destroyed in the field: recall destruction, end of life (central)."),
    ];

    private static readonly SerialState[] AllStates = Enum.GetValues<SerialState>();

    // [from, to] → the transition's index in Table, or -1; the enum values are 0..11.
    private static readonly int[,] Index = BuildIndex();

    private static readonly SerialState[][] Successors = AllStates
        .Select(s => Table.Where(t => t.From == s).Select(t => t.To).ToArray())
        .ToArray();

    /// <summary>Every legal transition with its business meaning, in lifecycle order.</summary>
    public static IReadOnlyList<SerialTransition> Transitions => Table;

    /// <summary>Every serial state, in OPEN-SCS enumeration order.</summary>
    public static IReadOnlyList<SerialState> States => AllStates;

    /// <summary>True when <paramref name="from"/> → <paramref name="to"/> is in the transition table.</summary>
    public static bool IsAllowed(SerialState from, SerialState to) =>
        IsDefined(from) && IsDefined(to) && Index[(int)from, (int)to] >= 0;

    /// <summary>
    /// Checks a move without throwing. On refusal <paramref name="reason"/> says what was refused and why,
    /// starting with "From → To:", and where possible what to do instead.
    /// </summary>
    /// <returns>True when the transition is legal; <paramref name="reason"/> is then null.</returns>
    public static bool TryTransition(SerialState from, SerialState to, [NotNullWhen(false)] out string? reason)
    {
        if (IsAllowed(from, to))
        {
            reason = null;
            return true;
        }

        reason = Explain(from, to);
        return false;
    }

    /// <summary>Checks a move and returns the transition it makes, with its business meaning.</summary>
    /// <exception cref="InvalidSerialTransitionException">The move is not in the table; the message says why.</exception>
    public static SerialTransition Transition(SerialState from, SerialState to)
    {
        if (!TryTransition(from, to, out var reason))
        {
            throw new InvalidSerialTransitionException(from, to, reason);
        }

        return Table[Index[(int)from, (int)to]];
    }

    /// <summary>The states a serial in <paramref name="state"/> may move to; empty for terminal states.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="state"/> is not a defined state.</exception>
    public static IReadOnlyList<SerialState> AllowedFrom(SerialState state)
    {
        if (!IsDefined(state))
        {
            throw new ArgumentOutOfRangeException(nameof(state), state, $"{(int)state} is not a serial state.");
        }

        return Successors[(int)state];
    }

    /// <summary>True when no transition leaves <paramref name="state"/>: Invalid, LabelSampled, LabelScrapped, Sampled, Destroyed.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="state"/> is not a defined state.</exception>
    public static bool IsTerminal(SerialState state) => AllowedFrom(state).Count == 0;

    private static bool IsDefined(SerialState state) => (uint)state < (uint)AllStates.Length;

    private static int[,] BuildIndex()
    {
        var index = new int[AllStates.Length, AllStates.Length];
        for (var i = 0; i < AllStates.Length; i++)
        {
            for (var j = 0; j < AllStates.Length; j++)
            {
                index[i, j] = -1;
            }
        }

        for (var k = 0; k < Table.Length; k++)
        {
            index[(int)Table[k].From, (int)Table[k].To] = k;
        }

        return index;
    }

    private static bool IsPool(SerialState s) =>
        s is SerialState.Unassigned or SerialState.Unallocated or SerialState.Allocated;

    private static bool IsOnUnit(SerialState s) =>
        s is SerialState.Commissioned or SerialState.Released or SerialState.Inactive;

    private static string Explain(SerialState from, SerialState to)
    {
        if (!IsDefined(from))
        {
            return $"{(int)from} → {to}: {(int)from} is not a serial state.";
        }

        if (!IsDefined(to))
        {
            return $"{from} → {(int)to}: {(int)to} is not a serial state.";
        }

        var head = $"{from} → {to}: ";
        if (from == to)
        {
            return head + $"the serial is already {from}; a transition must change the state.";
        }

        var why = from switch
        {
            SerialState.Invalid => "an invalidated serial is void for good and is the subject of no further event.",
            SerialState.LabelSampled => "the label was retained as a sample; it is never applied to a unit and its serial is never reused.",
            SerialState.LabelScrapped => "the label was scrapped; its serial may still exist on paper, so it is never reused.",
            SerialState.Sampled => "the unit was taken as a sample; it never becomes active again and its serial is never reused.",
            SerialState.Destroyed => "the unit was destroyed; a destroyed serial is never reused.",
            _ => null,
        };
        if (why is not null)
        {
            return head + $"{from} is terminal: " + why;
        }

        why = (from, to) switch
        {
            (SerialState.Encoded, _) when IsPool(to) =>
                "a printed serial cannot go back to the pool; scrap the label (LabelScrapped) instead.",
            (_, _) when IsOnUnit(from) && IsPool(to) =>
                "a commissioned serial cannot go back to the pool; decommission it (Inactive/Destroyed) instead.",
            (SerialState.Encoded, SerialState.Invalid) =>
                "an encoded serial may exist on a physical label; scrap the label (LabelScrapped) rather than invalidate it.",
            (_, SerialState.Invalid) when IsOnUnit(from) =>
                "a serial on a unit is not voided; decommission the unit (Inactive/Destroyed) instead.",
            (_, SerialState.Commissioned) when IsPool(from) =>
                "a serial must be printed (Encoded) before it is commissioned onto a unit.",
            (_, SerialState.Encoded) when IsPool(from) =>
                "a serial must be allocated to a line (Allocated) before it is printed.",
            (_, SerialState.Encoded) =>
                "a serial is printed once, for one unit only.",
            (_, SerialState.LabelSampled or SerialState.LabelScrapped) when IsOnUnit(from) =>
                "the label is already on a unit; decommission the unit (Inactive/Destroyed) instead.",
            (_, SerialState.LabelSampled or SerialState.LabelScrapped) =>
                "no label has been printed for this serial yet (it is not Encoded).",
            (SerialState.Inactive, SerialState.Released or SerialState.Sampled) =>
                "an inactive unit must be reactivated (Commissioned) first.",
            (_, SerialState.Released or SerialState.Sampled) when from != SerialState.Commissioned =>
                "only a commissioned unit can be released or sampled.",
            (_, SerialState.Inactive or SerialState.Destroyed) =>
                "only a commissioned or released unit can be decommissioned; a serial with no unit is invalidated or scrapped instead.",
            _ => null,
        };

        return head + (why ?? $"not a step of the serial lifecycle; from {from} the serial may go to {string.Join(", ", Successors[(int)from])}.");
    }
}
