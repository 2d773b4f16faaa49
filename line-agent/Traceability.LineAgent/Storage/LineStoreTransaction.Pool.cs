using LiteDB;
using Traceability.Core.Gs1;
using Traceability.Core.Lifecycle;
using Traceability.Core.Serials;

namespace Traceability.LineAgent.Storage;

public sealed partial class LineStoreTransaction
{
    /// <summary>Pool serials fetched per index query when units take serials (see <see cref="PooledSerial"/>).</summary>
    internal const int PoolReadAhead = 64;

    /// <summary>
    /// Puts a block of serials central allocated to this line into the pool (state Allocated), behind the blocks
    /// already there. Receiving the same block again (a retried AllocateSerials) changes nothing.
    /// </summary>
    /// <returns>Serials added: the block's size, or 0 when it was already here.</returns>
    /// <exception cref="InvalidOperationException">The block id was received with other serials, or a serial is already in another block.</exception>
    public int ReceiveSerialBlock(SerialBlock block) => Step(() =>
    {
        ArgumentNullException.ThrowIfNull(block);
        var gtin = block.Gtin.Value;
        var existing = _collections.Blocks.FindById(gtin + "|" + block.BlockId);
        if (existing is not null)
        {
            var known = BlockDocument.FromBson(existing);
            var first = _collections.Serials.FindOne(Where.Equal("pos", StoreDocuments.PositionKey(gtin, block.BlockId, 0)));
            var last = _collections.Serials.FindOne(Where.Equal("pos", StoreDocuments.PositionKey(gtin, block.BlockId, known.Count - 1)));
            if (known.Count == block.Count && first?["s"].AsString == block.Serials[0].Value && last?["s"].AsString == block.Serials[^1].Value)
            {
                return 0;
            }

            throw new InvalidOperationException(
                $"Serial block '{block.BlockId}' for GTIN {gtin} was received before with other serials ({known.Count:N0} then, {block.Count:N0} now); central must not reuse a block id.");
        }

        for (var i = 0; i < block.Count; i++)
        {
            var clash = Serial(new UnitKey(block.Gtin, block.Serials[i]).Id);
            if (clash is not null)
            {
                throw new InvalidOperationException(
                    $"Serial block '{block.BlockId}' for GTIN {gtin}: serial #{i + 1} \"{block.Serials[i]}\" is already on this line from block '{clash["b"].AsString}'. Central gave a serial twice; the block is refused.");
            }
        }

        // Read (or taken from the committed ones) before the insert, so the list does not hold the new block twice.
        var blocks = BlocksOf(block.Gtin);
        _collections.Serials.InsertBulk(block.Serials.Select((s, i) => StoreDocuments.NewSerial(block.Gtin, s, block.BlockId, i)));
        var added = new BlockDocument(gtin, block.BlockId, block.Count, 0, NextSequence("block-order"));
        _collections.Blocks.Insert(added.ToBson());
        blocks.Add(added);

        return block.Count;
    });

    /// <summary>
    /// Takes the next serial from the pool of the work order's GTIN (oldest block first) and binds it to unit
    /// <paramref name="plcSequence"/>: from here on the serial belongs to that unit only. The serial stays Allocated
    /// until <see cref="RecordPrinted"/>; make this change durable before the label goes to the printer.
    /// </summary>
    /// <exception cref="InvalidOperationException">The work order is not Running.</exception>
    /// <exception cref="SerialPoolExhaustedException">No serial left for the GTIN.</exception>
    public UnitRecord TakeSerial(string workOrderId, long plcSequence) => Step(() =>
    {
        var order = RequireWorkOrder(workOrderId);
        if (order.State != WorkOrderState.Running)
        {
            throw new InvalidOperationException($"Work order '{workOrderId}' is {order.State}: serials are taken only while it runs.");
        }

        var serial = BindNextSerial(order.Spec.Gtin, workOrderId, plcSequence);
        // Not written here: the unit's next change writes its document; if none in this group, a take record holds it.
        _taken.Add((serial["_id"].AsString, workOrderId, plcSequence));
        Count(workOrderId, Reconciliation.Of(SerialState.Allocated, inCase: false));
        return StoreDocuments.ToUnit(serial);
    });

    /// <summary>The pool for one GTIN as this transaction sees it.</summary>
    public SerialPoolStatus PoolStatus(Gtin gtin) => Step(() =>
    {
        var blocks = BlocksOf(gtin);
        return new SerialPoolStatus(gtin, blocks.Count, blocks.Sum(b => (long)b.Count), blocks.Sum(b => (long)b.Next));
    });

    /// <summary>
    /// Binds the next serial of the GTIN's pool (oldest block first) to unit <paramref name="plcSequence"/>, uncounted
    /// and in memory only: the caller writes the document (<see cref="Changed"/>) or records the take.
    /// </summary>
    private BsonDocument BindNextSerial(Gtin gtin, string workOrderId, long plcSequence)
    {
        var blocks = BlocksOf(gtin);
        var block = blocks.FirstOrDefault(b => b.Next < b.Count)
            ?? throw new SerialPoolExhaustedException(gtin, blocks.Sum(b => (long)b.Count));
        var serial = PooledSerial(block)
            ?? throw new InvalidOperationException($"Serial block '{block.BlockId}' for GTIN {gtin} has no serial at position {block.Next}: the store file is damaged.");
        if (StoreDocuments.IsUnit(serial) || StoreDocuments.State(serial) != SerialState.Allocated)
        {
            throw new InvalidOperationException(
                $"Serial \"{serial["s"].AsString}\" at position {block.Next} of block '{block.BlockId}' is already used ({StoreDocuments.State(serial)}); the pool's cursor is behind and the store file is damaged.");
        }

        DeferredTakes.Bind(serial, workOrderId, plcSequence);
        block.Next++;
        _dirtyBlocks.Add(block);
        return serial;
    }

    /// <summary>
    /// The serial document at the block's cursor. Read ahead: one index range query fetches the next
    /// <see cref="PoolReadAhead"/> serials of the block and remembers their positions, so the following takes (in this
    /// group or later ones) find theirs without a query of their own.
    /// </summary>
    private BsonDocument? PooledSerial(BlockDocument block)
    {
        var position = StoreDocuments.PositionKey(block.Gtin, block.BlockId, block.Next);
        if ((_positions.TryGetValue(position, out var id) || _committedSerials.TryGetIdAt(position, out id)) && Serial(id) is { } known)
        {
            return known;
        }

        var last = StoreDocuments.PositionKey(block.Gtin, block.BlockId, Math.Min(block.Count - 1, block.Next + PoolReadAhead - 1));
        BsonDocument? atCursor = null;
        foreach (var found in _collections.Serials.Find(Where.Between("pos", position, last)))
        {
            var serial = Canonical(found);
            var at = serial["pos"].AsString;
            _positions[at] = serial["_id"].AsString;
            if (string.Equals(at, position, StringComparison.Ordinal))
            {
                atCursor = serial;
            }
        }

        return atCursor;
    }

    private List<BlockDocument> BlocksOf(Gtin gtin)
    {
        if (!_blocksByGtin.TryGetValue(gtin.Value, out var blocks) && _committed.BlocksByGtin.TryGetValue(gtin.Value, out blocks))
        {
            _blocksByGtin[gtin.Value] = blocks;
        }

        if (blocks is null)
        {
            blocks = [.. _collections.Blocks.Find(Where.Equal("g", gtin.Value)).Select(BlockDocument.FromBson).OrderBy(b => b.Order)];
            _blocksByGtin[gtin.Value] = blocks;
        }

        return blocks;
    }
}
