using Traceability.Core.Lifecycle;

namespace Traceability.Core.Tests.Lifecycle;

public sealed class SerialLifecycleTests
{
    public static TheoryData<SerialState, SerialState> LegalTransitions()
    {
        var data = new TheoryData<SerialState, SerialState>();
        foreach (var t in SerialLifecycle.Transitions)
        {
            data.Add(t.From, t.To);
        }

        return data;
    }

    public static TheoryData<SerialState, SerialState> IllegalTransitions()
    {
        var legal = SerialLifecycle.Transitions.Select(t => (t.From, t.To)).ToHashSet();
        var data = new TheoryData<SerialState, SerialState>();
        foreach (var from in Enum.GetValues<SerialState>())
        {
            foreach (var to in Enum.GetValues<SerialState>())
            {
                if (!legal.Contains((from, to)))
                {
                    data.Add(from, to);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(LegalTransitions))]
    public void Every_legal_transition_is_accepted(SerialState from, SerialState to)
    {
        Assert.True(SerialLifecycle.TryTransition(from, to, out var reason));
        Assert.Null(reason);
        var transition = SerialLifecycle.Transition(from, to);
        Assert.Equal((from, to), (transition.From, transition.To));
        Assert.False(string.IsNullOrWhiteSpace(transition.Meaning));
        Assert.Contains(to, SerialLifecycle.AllowedFrom(from));
    }

    [Theory]
    [MemberData(nameof(IllegalTransitions))]
    public void Every_other_pair_is_refused_with_a_reason_naming_both_states(SerialState from, SerialState to)
    {
        Assert.False(SerialLifecycle.TryTransition(from, to, out var reason));
        Assert.StartsWith($"{from} → {to}: ", reason, StringComparison.Ordinal);
        Assert.True(reason.Length > $"{from} → {to}: ".Length + 10, reason);
        var ex = Assert.Throws<InvalidSerialTransitionException>(() => SerialLifecycle.Transition(from, to));
        Assert.Equal(reason, ex.Message);
        Assert.Equal(from, ex.From);
        Assert.Equal(to, ex.To);
        Assert.DoesNotContain(to, SerialLifecycle.AllowedFrom(from));
    }

    [Fact]
    public void The_table_has_no_duplicates_and_every_meaning_is_distinct()
    {
        Assert.Equal(SerialLifecycle.Transitions.Count, SerialLifecycle.Transitions.Select(t => (t.From, t.To)).Distinct().Count());
        Assert.Equal(SerialLifecycle.Transitions.Count, SerialLifecycle.Transitions.Select(t => t.Meaning).Distinct().Count());
    }

    [Fact]
    public void The_happy_path_runs_from_unassigned_to_released()
    {
        SerialState[] path =
        [
            SerialState.Unassigned, SerialState.Unallocated, SerialState.Allocated,
            SerialState.Encoded, SerialState.Commissioned, SerialState.Released,
        ];
        for (var i = 1; i < path.Length; i++)
        {
            SerialLifecycle.Transition(path[i - 1], path[i]);
        }
    }

    [Fact]
    public void Terminal_states_are_exactly_the_five_dead_ends()
    {
        var terminal = Enum.GetValues<SerialState>().Where(SerialLifecycle.IsTerminal).ToArray();
        Assert.Equal(
            [SerialState.Invalid, SerialState.LabelSampled, SerialState.LabelScrapped, SerialState.Sampled, SerialState.Destroyed],
            terminal);
    }

    [Fact]
    public void Every_state_is_reachable_from_unassigned()
    {
        var seen = new HashSet<SerialState> { SerialState.Unassigned };
        var queue = new Queue<SerialState>(seen);
        while (queue.TryDequeue(out var s))
        {
            foreach (var next in SerialLifecycle.AllowedFrom(s).Where(seen.Add))
            {
                queue.Enqueue(next);
            }
        }

        Assert.Equal(Enum.GetValues<SerialState>().Length, seen.Count);
    }

    [Theory]
    [InlineData(SerialState.Destroyed)]
    [InlineData(SerialState.Sampled)]
    [InlineData(SerialState.Inactive)]
    [InlineData(SerialState.Released)]
    [InlineData(SerialState.LabelScrapped)]
    [InlineData(SerialState.LabelSampled)]
    [InlineData(SerialState.Invalid)]
    public void Reusing_a_decommissioned_or_spent_serial_is_refused(SerialState spent)
    {
        foreach (var reuse in new[] { SerialState.Unassigned, SerialState.Unallocated, SerialState.Allocated, SerialState.Encoded })
        {
            Assert.False(SerialLifecycle.TryTransition(spent, reuse, out var reason));
            Assert.False(string.IsNullOrWhiteSpace(reason));
        }
    }

    [Fact]
    public void Commissioned_back_to_allocated_says_to_decommission_instead()
    {
        Assert.False(SerialLifecycle.TryTransition(SerialState.Commissioned, SerialState.Allocated, out var reason));
        Assert.Equal(
            "Commissioned → Allocated: a commissioned serial cannot go back to the pool; decommission it (Inactive/Destroyed) instead.",
            reason);
    }

    [Fact]
    public void A_rejected_label_is_scrapped_not_invalidated()
    {
        Assert.True(SerialLifecycle.IsAllowed(SerialState.Encoded, SerialState.LabelScrapped));
        Assert.False(SerialLifecycle.TryTransition(SerialState.Encoded, SerialState.Invalid, out var reason));
        Assert.Contains("LabelScrapped", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Destroyed_is_terminal_and_says_so()
    {
        Assert.False(SerialLifecycle.TryTransition(SerialState.Destroyed, SerialState.Commissioned, out var reason));
        Assert.Equal("Destroyed → Commissioned: Destroyed is terminal: the unit was destroyed; a destroyed serial is never reused.", reason);
    }

    [Fact]
    public void An_undefined_state_is_refused_not_thrown_by_TryTransition()
    {
        Assert.False(SerialLifecycle.TryTransition((SerialState)42, SerialState.Allocated, out var reason));
        Assert.Contains("42 is not a serial state", reason, StringComparison.Ordinal);
        Assert.Throws<ArgumentOutOfRangeException>(() => SerialLifecycle.AllowedFrom((SerialState)(-1)));
    }

    [Fact]
    public void Enum_values_match_the_OPEN_SCS_enumeration()
    {
        Assert.Equal(0, (int)SerialState.Unassigned);
        Assert.Equal(3, (int)SerialState.Invalid);
        Assert.Equal(7, (int)SerialState.Commissioned);
        Assert.Equal(11, (int)SerialState.Released);
    }
}
