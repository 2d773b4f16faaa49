namespace Traceability.LineAgent.Pipeline;

/// <summary>What a read turned out to be.</summary>
internal enum ReadMatchKind
{
    /// <summary>The content of an outstanding unit's label: that unit (and no other) is read.</summary>
    Unit,

    /// <summary>The content of a case or pallet label being verified.</summary>
    Container,

    /// <summary>Content that no label on its way carries: a misread (or a stranger's label). Counted, changes no verdict.</summary>
    Misread,

    /// <summary>The content of a label whose unit already has its verdict (a duplicate, or a read after the window).</summary>
    AlreadyDecided,
}

/// <summary>
/// Matches reads to units BY CONTENT, never by position: each outstanding label is keyed by its GS1 data, so a
/// buffered label, a no-read or a misread can never move another unit's verdict (the "shift by one" failure of
/// lines that pair the n-th read with the n-th unit). Thread-safe.
/// </summary>
internal sealed class ReadMatcher
{
    private const int DecidedMemory = 65_536;

    private readonly Lock _lock = new();
    private readonly Dictionary<string, OutstandingUnit> _units = new(StringComparer.Ordinal);
    private readonly Queue<OutstandingUnit> _byReadBy = new();
    private readonly Dictionary<string, TaskCompletionSource> _containers = new(StringComparer.Ordinal);
    private readonly HashSet<string> _decided = new(StringComparer.Ordinal);
    private readonly Queue<string> _decidedOrder = new();

    /// <summary>Units on their way to the reader.</summary>
    public int Outstanding
    {
        get
        {
            lock (_lock)
            {
                return _units.Count;
            }
        }
    }

    /// <summary>Registers a unit before its label is sent, so even an instant read finds it.</summary>
    /// <exception cref="InvalidOperationException">A label with the same content is outstanding (a serial twice).</exception>
    public void Add(OutstandingUnit unit)
    {
        lock (_lock)
        {
            if (!_units.TryAdd(unit.Content, unit))
            {
                throw new InvalidOperationException($"Unit {unit.Key} (PLC unit {unit.Sequence}): a label with the same content is already on its way; a serial is never printed for two units.");
            }

            // Units arrive in trigger order with one window, so their read-by times are in order too.
            _byReadBy.Enqueue(unit);
        }
    }

    /// <summary>Takes a unit out without a read (its label was never sent); false when it was decided meanwhile.</summary>
    public bool Withdraw(OutstandingUnit unit)
    {
        lock (_lock)
        {
            return _units.Remove(unit.Content) && Remember(unit.Content);
        }
    }

    /// <summary>Waits for a read of a case or pallet label with this content.</summary>
    public Task ExpectContainer(string content)
    {
        lock (_lock)
        {
            var wait = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _containers[content] = wait;
            return wait.Task;
        }
    }

    /// <summary>Stops waiting for a container label (verified or given up).</summary>
    public void ForgetContainer(string content)
    {
        lock (_lock)
        {
            _containers.Remove(content);
        }
    }

    /// <summary>
    /// Matches one read: <paramref name="content"/> is its GS1 data (null: not GS1 data), <paramref name="text"/> what the
    /// reader sent. A unit whose label encodes a Digital Link matches only a read of that link exactly; a matched unit
    /// leaves the outstanding set.
    /// </summary>
    public (ReadMatchKind Kind, OutstandingUnit? Unit) Match(string? content, string text)
    {
        if (content is null)
        {
            return (ReadMatchKind.Misread, null);
        }

        lock (_lock)
        {
            if (_units.TryGetValue(content, out var unit))
            {
                if (unit.Link.Length != 0 && !LineLabels.SameLink(text, unit.Link))
                {
                    // Same data, other text (a smudged host or path): the unit waits for a true read or its window.
                    return (ReadMatchKind.Misread, null);
                }

                _units.Remove(content);
                Remember(content);
                return (ReadMatchKind.Unit, unit);
            }

            if (_containers.Remove(content, out var wait))
            {
                wait.TrySetResult();
                return (ReadMatchKind.Container, null);
            }

            return _decided.Contains(content) ? (ReadMatchKind.AlreadyDecided, null) : (ReadMatchKind.Misread, null);
        }
    }

    /// <summary>Takes out every unit whose read window has closed by <paramref name="now"/>, in trigger order.</summary>
    public List<OutstandingUnit> Expire(DateTimeOffset now)
    {
        var expired = new List<OutstandingUnit>();
        lock (_lock)
        {
            while (_byReadBy.TryPeek(out var first) && first.ReadBy <= now)
            {
                _byReadBy.Dequeue();
                // Read (or withdrawn) units leave the dictionary but stay in the queue until their time comes.
                if (_units.TryGetValue(first.Content, out var current) && ReferenceEquals(current, first))
                {
                    _units.Remove(first.Content);
                    Remember(first.Content);
                    expired.Add(first);
                }
            }
        }

        return expired;
    }

    private bool Remember(string content)
    {
        if (_decided.Add(content))
        {
            _decidedOrder.Enqueue(content);
            if (_decidedOrder.Count > DecidedMemory)
            {
                _decided.Remove(_decidedOrder.Dequeue());
            }
        }

        return true;
    }
}
