using Traceability.LineAgent.Storage;
using static Traceability.LineAgent.Tests.Storage.StoreBuilders;

namespace Traceability.LineAgent.Tests.Storage;

public sealed class SerialPoolTests : IDisposable
{
    private readonly TestStore _store = new();

    [Fact]
    public async Task Serials_are_taken_oldest_block_first_in_block_order()
    {
        var wo = await _store.RunningWorkOrderAsync(serials: 3);
        await _store.Commit(tx => tx.ReceiveSerialBlock(Block("B2", 2)));

        var taken = new List<string>();
        for (var n = 1; n <= 5; n++)
        {
            var unit = await _store.Commit(tx => tx.TakeSerial(wo, n));
            taken.Add(unit.Key.Serial.Value);
        }

        Assert.Equal(["B-WO-1X00001", "B-WO-1X00002", "B-WO-1X00003", "B2X00001", "B2X00002"], taken);
    }

    [Fact]
    public async Task Concurrent_takes_never_hand_out_a_serial_twice()
    {
        var wo = await _store.RunningWorkOrderAsync(serials: 400);

        var units = await Task.WhenAll(Enumerable.Range(1, 400).Select(n => _store.Commit(tx => tx.TakeSerial(wo, n))));

        Assert.Equal(400, units.Select(u => u.Key).Distinct().Count());
        Assert.Equal(400, _store.Store.UnitsOf(wo).Count);
        Assert.Equal(0, _store.Store.PoolStatus(Gtin).Remaining);
    }

    [Fact]
    public async Task Serials_read_ahead_are_handed_out_in_block_order_across_rollbacks_and_a_reopen()
    {
        // Takes read the pool ahead (one index query per LineStoreTransaction.PoolReadAhead serials); a rolled-back
        // take, a reopened file and the end of the read-ahead window must not skip, repeat or reorder a serial.
        var count = LineStoreTransaction.PoolReadAhead + 40;
        var wo = await _store.RunningWorkOrderAsync(serials: count);
        var taken = new List<string>();
        for (var n = 1; n <= count; n++)
        {
            if (n == 100)
            {
                await Assert.ThrowsAsync<InvalidOperationException>(() => _store.Commit(tx =>
                {
                    tx.TakeSerial(wo, 0);
                    throw new InvalidOperationException("rolled back");
                }));
            }

            if (n == LineStoreTransaction.PoolReadAhead - 10)
            {
                _store.Reopen();
            }

            taken.Add((await _store.Commit(tx => tx.TakeSerial(wo, n))).Key.Serial.Value);
        }

        Assert.Equal(Block("B-" + wo, count).Serials.Select(s => s.Value), taken);
        Assert.Equal(0, _store.Store.PoolStatus(Gtin).Remaining);
    }

    [Fact]
    public async Task A_taken_serial_is_bound_to_its_unit_and_stays_allocated_until_printed()
    {
        var wo = await _store.RunningWorkOrderAsync();

        var unit = await _store.Commit(tx => tx.TakeSerial(wo, 42));

        var stored = _store.Store.FindUnit(unit.Key)!;
        Assert.Equal((wo, 42L, Core.Lifecycle.SerialState.Allocated, "B-WO-1"), (stored.WorkOrderId, stored.PlcSequence, stored.State, stored.BlockId));
    }

    [Fact]
    public async Task Takes_held_only_by_their_take_record_are_units_for_every_reader_and_after_a_reopen()
    {
        // A group of takes writes one take record, not the serial documents (DeferredTakes): until each unit's next
        // change, the binding is in the record (durable) and in memory (readers on other threads).
        var wo = await _store.RunningWorkOrderAsync(serials: 10);
        var taken = await _store.Commit(tx => Enumerable.Range(1, 3).Select(n => tx.TakeSerial(wo, n)).ToList());
        var printed = await _store.Commit(tx => tx.RecordPrinted(taken[0].Key));

        Assert.Equal(Core.Lifecycle.SerialState.Encoded, printed.State);
        Assert.Equal([1L, 2L, 3L], _store.Store.UnitsOf(wo).Select(u => u.PlcSequence).Order());
        Assert.Equal(3, _store.Store.CountFromData(wo).Issued);
        Assert.Equal(_store.Store.FindWorkOrder(wo)!.Counts, _store.Store.CountFromData(wo));
        Assert.Equal(3L, _store.Store.FindUnit(taken[2].Key)!.PlcSequence);

        // Reopened (as after a crash) the record is applied to the serial documents: the two units without a next
        // change are Allocated units of the order, their serials are not handed out again, and the restart rejects them.
        _store.Reopen();
        Assert.Equal((wo, 2L, Core.Lifecycle.SerialState.Allocated), _store.Store.FindUnit(taken[1].Key) is { } u ? (u.WorkOrderId, u.PlcSequence, u.State) : default);
        var next = await _store.Commit(tx => tx.TakeSerial(wo, 4));
        Assert.DoesNotContain(next.Key, taken.Select(t => t.Key));
        var rejected = await _store.Commit(tx => tx.RejectUnitsAwaitingVerdict("agent restarted"));
        Assert.Equal(taken.Select(t => t.Key.Id).Append(next.Key.Id).Order(StringComparer.Ordinal), rejected.Select(k => k.Id).Order(StringComparer.Ordinal));
        Assert.Equal(_store.Store.FindWorkOrder(wo)!.Counts, _store.Store.CountFromData(wo));
    }

    [Fact]
    public async Task An_exhausted_pool_names_the_gtin_and_what_to_do()
    {
        var wo = await _store.RunningWorkOrderAsync(serials: 1);
        await _store.Commit(tx => tx.TakeSerial(wo, 1));

        var e = await Assert.ThrowsAsync<SerialPoolExhaustedException>(() => _store.Commit(tx => tx.TakeSerial(wo, 2)));

        Assert.Equal(Gtin, e.Gtin);
        Assert.Contains("09506000134352", e.Message, StringComparison.Ordinal);
        Assert.Contains("Allocate a block from central", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_block_received_again_is_stored_once()
    {
        Assert.Equal(5, await _store.Commit(tx => tx.ReceiveSerialBlock(Block("B1", 5))));

        Assert.Equal(0, await _store.Commit(tx => tx.ReceiveSerialBlock(Block("B1", 5))));

        Assert.Equal(5, _store.Store.PoolStatus(Gtin).Received);
    }

    [Fact]
    public async Task A_block_id_reused_with_other_serials_is_refused()
    {
        await _store.Commit(tx => tx.ReceiveSerialBlock(Block("B1", 5)));

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => _store.Commit(tx => tx.ReceiveSerialBlock(Block("B1", 5, prefix: "Z"))));

        Assert.Contains("must not reuse a block id", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_block_repeating_a_serial_of_another_block_is_refused_whole()
    {
        await _store.Commit(tx => tx.ReceiveSerialBlock(new Core.Serials.SerialBlock(Gtin, "B1", [Core.Serials.Serial.Parse("A1"), Core.Serials.Serial.Parse("A2")])));

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            _store.Commit(tx => tx.ReceiveSerialBlock(new Core.Serials.SerialBlock(Gtin, "B2", [Core.Serials.Serial.Parse("A3"), Core.Serials.Serial.Parse("A2")]))));

        Assert.Contains("serial #2 \"A2\" is already on this line from block 'B1'", e.Message, StringComparison.Ordinal);
        Assert.Equal(2, _store.Store.PoolStatus(Gtin).Received);
    }

    [Fact]
    public async Task The_same_serial_under_another_gtin_is_another_unit()
    {
        await _store.Commit(tx => tx.ReceiveSerialBlock(Block("B1", 2)));

        Assert.Equal(2, await _store.Commit(tx => tx.ReceiveSerialBlock(Block("B1", 2, OtherGtin))));
    }

    [Fact]
    public async Task Serials_are_taken_only_while_the_work_order_runs()
    {
        var wo = await _store.RunningWorkOrderAsync();
        await _store.Commit(tx => tx.PauseWorkOrder(wo, Operator));

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => _store.Commit(tx => tx.TakeSerial(wo, 1)));

        Assert.Contains("is Paused", e.Message, StringComparison.Ordinal);
        Assert.Equal(0, _store.Store.PoolStatus(Gtin).Taken);
    }

    [Fact]
    public async Task The_pool_position_survives_a_reopen()
    {
        var wo = await _store.RunningWorkOrderAsync(serials: 10);
        await _store.Commit(tx => tx.TakeSerial(wo, 1));
        await _store.Commit(tx => tx.TakeSerial(wo, 2));

        _store.Reopen();
        var next = await _store.Commit(tx => tx.TakeSerial(wo, 3));

        Assert.Equal("B-WO-1X00003", next.Key.Serial.Value);
    }

    public void Dispose() => _store.Dispose();
}
