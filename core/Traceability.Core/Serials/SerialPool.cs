using System.Globalization;

namespace Traceability.Core.Serials;

/// <summary>
/// Hands out the serials of one <see cref="SerialBlock"/> one by one, each at most once, also across restarts.
/// HiLo style: before handing out serial <c>i</c> the pool makes sure the journal durably holds a high-water mark
/// above <c>i</c>, reserving <see cref="ReservationSize"/> serials per journal write. After a crash the pool resumes
/// at the recorded high-water mark; the reserved serials after the last one the caller's store knows as handed out
/// are skipped (never handed out) and counted, so reconciliation sees every serial as handed out, skipped or remaining.
/// Thread-safe.
/// </summary>
public sealed class SerialPool
{
    /// <summary>Serials reserved per journal write unless the caller chooses otherwise.</summary>
    public const int DefaultReservationSize = 64;

    private readonly ISerialPoolJournal _journal;
    private readonly Lock _lock = new();
    private int _highWaterMark;
    private int _handedOut;
    private int _skipped;

    private SerialPool(SerialBlock block, ISerialPoolJournal journal, int reservationSize, SerialPoolCheckpoint start, IReadOnlyList<Serial> skippedOnOpen)
    {
        Block = block;
        _journal = journal;
        ReservationSize = reservationSize;
        _highWaterMark = start.HighWaterMark;
        _handedOut = start.HandedOut;
        _skipped = start.Skipped;
        SkippedOnOpen = skippedOnOpen;
    }

    /// <summary>The block the serials come from.</summary>
    public SerialBlock Block { get; }

    /// <summary>Serials reserved per journal write.</summary>
    public int ReservationSize { get; }

    /// <summary>Serials handed out over the life of the block, across restarts (as far as the journal knows).</summary>
    public int HandedOut
    {
        get
        {
            lock (_lock)
            {
                return _handedOut;
            }
        }
    }

    /// <summary>Serials skipped after restarts: reserved, not provably handed out, never handed out again.</summary>
    public int Skipped
    {
        get
        {
            lock (_lock)
            {
                return _skipped;
            }
        }
    }

    /// <summary>Serials still to hand out.</summary>
    public int Remaining
    {
        get
        {
            lock (_lock)
            {
                return Block.Count - _handedOut - _skipped;
            }
        }
    }

    /// <summary>The serials this instance skipped when it resumed from the journal, for reconciliation; empty after a clean <see cref="Checkpoint"/>.</summary>
    public IReadOnlyList<Serial> SkippedOnOpen { get; }

    /// <summary>
    /// Opens the pool for <paramref name="block"/>, resuming from the journal's last checkpoint. The journal only
    /// knows the serials were reserved, so the caller's store says which were handed out: serials are handed out in
    /// block order, so the last reserved serial <paramref name="wasHandedOut"/> confirms marks the hand-out position,
    /// and the reserved serials after it are skipped. The outcome is journaled before this returns.
    /// </summary>
    /// <param name="block">The block to hand out.</param>
    /// <param name="journal">Where the pool's progress is kept.</param>
    /// <param name="wasHandedOut">
    /// True for a serial the caller recorded as handed out (e.g. stored with its unit); asked only about reserved
    /// serials past the journal's hand-out count, and only after a crash.
    /// </param>
    /// <param name="reservationSize">Serials reserved per journal write.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="reservationSize"/> is below 1.</exception>
    /// <exception cref="InvalidOperationException">The journal's checkpoint does not fit the block.</exception>
    public static SerialPool Open(
        SerialBlock block, ISerialPoolJournal journal, Func<Serial, bool> wasHandedOut, int reservationSize = DefaultReservationSize)
    {
        ArgumentNullException.ThrowIfNull(block);
        ArgumentNullException.ThrowIfNull(journal);
        ArgumentNullException.ThrowIfNull(wasHandedOut);
        ArgumentOutOfRangeException.ThrowIfLessThan(reservationSize, 1);

        var recorded = journal.Read(block.Gtin, block.BlockId) ?? default;
        var used = (long)recorded.HandedOut + recorded.Skipped;
        if (recorded.HandedOut < 0 || recorded.Skipped < 0 || used > recorded.HighWaterMark || recorded.HighWaterMark > block.Count)
        {
            throw new InvalidOperationException(string.Create(
                CultureInfo.InvariantCulture,
                $"Serial block '{block.BlockId}' for GTIN {block.Gtin} ({block.Count:N0} serials): the journal's checkpoint {recorded} does not fit; it belongs to another block or is damaged. Nothing was handed out."));
        }

        var start = recorded;
        Serial[] skipped = [];
        if (used < recorded.HighWaterMark)
        {
            // The crash left serials [used, high-water mark) reserved; those up to the last one the store knows were handed out.
            var position = recorded.HighWaterMark;
            while (position > used && !wasHandedOut(block.Serials[position - 1]))
            {
                position--;
            }

            var recovered = position - (int)used;
            skipped = block.Serials.Skip(position).Take(recorded.HighWaterMark - position).ToArray();
            start = new SerialPoolCheckpoint(recorded.HighWaterMark, recorded.HandedOut + recovered, recorded.Skipped + skipped.Length);
            journal.Write(block.Gtin, block.BlockId, start);
        }

        return new SerialPool(block, journal, reservationSize, start, skipped);
    }

    /// <summary>Hands out the next serial.</summary>
    /// <exception cref="InvalidOperationException">Every serial of the block is handed out or skipped.</exception>
    public Serial Take()
    {
        if (TryTake(out var serial))
        {
            return serial;
        }

        throw new InvalidOperationException(string.Create(
            CultureInfo.InvariantCulture,
            $"Serial block '{Block.BlockId}' for GTIN {Block.Gtin} is exhausted: all {Block.Count:N0} serials are used ({_handedOut:N0} handed out, {_skipped:N0} skipped after restarts). Allocate a new block from central."));
    }

    /// <summary>Hands out the next serial; false when the block is exhausted.</summary>
    public bool TryTake(out Serial serial)
    {
        lock (_lock)
        {
            var next = _handedOut + _skipped;
            if (next >= Block.Count)
            {
                serial = default;
                return false;
            }

            if (next >= _highWaterMark)
            {
                // Durable first: if the write throws, nothing was handed out and the pool is unchanged.
                var reserved = (int)Math.Min((long)next + ReservationSize, Block.Count);
                _journal.Write(Block.Gtin, Block.BlockId, new SerialPoolCheckpoint(reserved, _handedOut, _skipped));
                _highWaterMark = reserved;
            }

            serial = Block.Serials[next];
            _handedOut++;
            return true;
        }
    }

    /// <summary>
    /// Records the exact hand-out position and gives back the unused reservation, so a restart after this call
    /// skips nothing. Call it at a clean shutdown, or after the serials handed out so far are stored with their units.
    /// </summary>
    public void Checkpoint()
    {
        lock (_lock)
        {
            var position = _handedOut + _skipped;
            _journal.Write(Block.Gtin, Block.BlockId, new SerialPoolCheckpoint(position, _handedOut, _skipped));
            _highWaterMark = position;
        }
    }
}
