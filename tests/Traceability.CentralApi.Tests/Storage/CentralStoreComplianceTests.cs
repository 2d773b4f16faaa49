using Traceability.CentralApi.Storage;
using Traceability.Core.Lifecycle;

namespace Traceability.CentralApi.Tests.Storage;

/// <summary>What every central store must do; one subclass per database.</summary>
public abstract partial class CentralStoreComplianceTests : IAsyncLifetime
{
    private const string Gtin = "09506000134352";

    // Not UTC and finer than a microsecond: the stores must keep it comparable after a round trip.
    private static readonly DateTimeOffset At = new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.FromHours(1)).AddTicks(1_234_567);

    private readonly List<ICentralStore> _stores = [];
    private string _database = "";
    private int _appliedAtStart;

    protected ICentralStore Store { get; private set; } = null!;

    /// <summary>What <see cref="CreateDatabaseAsync"/> returned for <see cref="Store"/>'s database.</summary>
    protected string DatabaseName => _database;

    /// <summary>How many migrations this database's store ships.</summary>
    protected abstract int MigrationCount { get; }

    /// <summary>Creates a fresh, empty database and returns what <see cref="Open"/> needs to reach it.</summary>
    protected abstract Task<string> CreateDatabaseAsync();

    /// <summary>A new store instance (as another process would have) over the database.</summary>
    protected abstract ICentralStore Open(string database);

    protected abstract Task DropDatabasesAsync();

    public async Task InitializeAsync()
    {
        _database = await CreateDatabaseAsync();
        Store = OpenTracked(_database);
        _appliedAtStart = await Store.MigrateAsync();
    }

    public async Task DisposeAsync()
    {
        foreach (var store in _stores)
        {
            await store.DisposeAsync();
        }

        await DropDatabasesAsync();
    }

    [Fact]
    public async Task A_fresh_database_migrates_from_zero()
    {
        Assert.Equal(MigrationCount, _appliedAtStart);
        var result = await Store.AppendEventsAsync("L1", [Event(1)]);
        Assert.Equal(1, result.Watermark);
    }

    [Fact]
    public async Task The_health_check_passes_on_a_migrated_database() => await Store.CheckHealthAsync();

    [Fact]
    public async Task The_health_check_fails_on_a_database_that_was_never_migrated()
    {
        var unmigrated = OpenTracked(await CreateDatabaseAsync());

        await Assert.ThrowsAnyAsync<Exception>(() => unmigrated.CheckHealthAsync());
    }

    [Fact]
    public async Task Migrations_run_twice_are_a_no_op()
    {
        await Store.AppendEventsAsync("L1", [Event(1)]);

        Assert.Equal(0, await Store.MigrateAsync());
        Assert.Equal(0, await OpenTracked(_database).MigrateAsync());
        Assert.Equal(1, (await Store.GetLineProgressAsync("L1")).Watermark);
    }

    [Fact]
    public async Task Two_processes_migrating_a_fresh_database_at_once_apply_each_migration_once()
    {
        var database = await CreateDatabaseAsync();
        var first = OpenTracked(database);
        var second = OpenTracked(database);

        var applied = await Task.WhenAll(first.MigrateAsync(), second.MigrateAsync());

        Assert.Equal(MigrationCount, applied.Sum());
        Assert.Equal(1, (await first.AppendEventsAsync("L1", [Event(1)])).Watermark);
    }

    [Fact]
    public async Task Duplicate_events_are_stored_once()
    {
        LineEvent[] batch = [Event(1), Event(2), Event(3)];
        var first = await Store.AppendEventsAsync("L1", batch);
        var again = await Store.AppendEventsAsync("L1", batch);
        var e4 = Event(4);
        var repeatedInBatch = await Store.AppendEventsAsync("L1", [e4, e4]);

        Assert.All(first.Outcomes, o => Assert.Equal(AppendOutcome.Stored, o));
        Assert.All(again.Outcomes, o => Assert.Equal(AppendOutcome.Duplicate, o));
        Assert.Equal(3, again.Watermark);
        Assert.Equal([AppendOutcome.Stored, AppendOutcome.Duplicate], repeatedInBatch.Outcomes);
        var progress = await Store.GetLineProgressAsync("L1");
        Assert.Equal((4, 4), (progress.Watermark, progress.HighestSeen));
        Assert.Empty(progress.Gaps);
    }

    [Fact]
    public async Task A_duplicate_with_other_whitespace_and_key_order_in_its_payload_is_the_same_event()
    {
        var id = Guid.NewGuid();
        await Store.AppendEventsAsync("L1", [Event(1, id, """{"a":1,"b":[true,null]}""")]);

        var result = await Store.AppendEventsAsync("L1", [Event(1, id, """{ "b": [true, null], "a": 1 }""")]);

        Assert.Equal([AppendOutcome.Duplicate], result.Outcomes);
    }

    [Fact]
    public async Task Out_of_order_events_stop_the_watermark_at_the_first_gap_and_list_the_gaps()
    {
        var result = await Store.AppendEventsAsync("L1", [Event(5), Event(1), Event(9), Event(2), Event(8)]);

        Assert.Equal(2, result.Watermark);
        var progress = await Store.GetLineProgressAsync("L1");
        Assert.Equal(2, progress.Watermark);
        Assert.Equal(9, progress.HighestSeen);
        Assert.Equal([new SequenceRange(3, 4), new SequenceRange(6, 7)], progress.Gaps);
    }

    [Fact]
    public async Task A_gap_at_the_start_holds_the_watermark_at_zero()
    {
        var result = await Store.AppendEventsAsync("L1", [Event(3)]);

        Assert.Equal(0, result.Watermark);
        Assert.Equal([new SequenceRange(1, 2)], (await Store.GetLineProgressAsync("L1")).Gaps);
    }

    [Fact]
    public async Task Healing_a_gap_moves_the_watermark_up()
    {
        await Store.AppendEventsAsync("L1", [Event(5), Event(1), Event(9), Event(2), Event(8)]);

        var partly = await Store.AppendEventsAsync("L1", [Event(4), Event(3)]);
        var fully = await Store.AppendEventsAsync("L1", [Event(7), Event(6)]);

        Assert.Equal(5, partly.Watermark);
        Assert.Equal(9, fully.Watermark);
        var progress = await Store.GetLineProgressAsync("L1");
        Assert.Equal((9, 9), (progress.Watermark, progress.HighestSeen));
        Assert.Empty(progress.Gaps);
    }

    [Fact]
    public async Task Lines_keep_their_own_watermarks()
    {
        await Store.AppendEventsAsync("L1", [Event(1), Event(2)]);
        await Store.AppendEventsAsync("L2", [Event(1), Event(3)]);

        Assert.Equal(2, (await Store.GetLineProgressAsync("L1")).Watermark);
        Assert.Equal(1, (await Store.GetLineProgressAsync("L2")).Watermark);
        var unknown = await Store.GetLineProgressAsync("L9");
        Assert.Equal((0, 0), (unknown.Watermark, unknown.HighestSeen));
        Assert.Empty(unknown.Gaps);
    }

    [Fact]
    public async Task An_event_resent_with_another_sequence_is_refused_as_a_conflicting_duplicate()
    {
        var id = Guid.NewGuid();
        await Store.AppendEventsAsync("L1", [Event(1, id)]);

        var error = await Assert.ThrowsAsync<ConflictingEventException>(() => Store.AppendEventsAsync("L1", [Event(2, id)]));

        Assert.Equal(id, error.EventId);
        Assert.Contains(id.ToString(), error.Message, StringComparison.Ordinal);
        Assert.Equal(1, (await Store.GetLineProgressAsync("L1")).HighestSeen);
    }

    [Fact]
    public async Task An_event_resent_with_another_payload_or_from_another_line_is_refused()
    {
        var id = Guid.NewGuid();
        await Store.AppendEventsAsync("L1", [Event(1, id, """{"a":1}""")]);

        await Assert.ThrowsAsync<ConflictingEventException>(() => Store.AppendEventsAsync("L1", [Event(1, id, """{"a":2}""")]));
        await Assert.ThrowsAsync<ConflictingEventException>(() => Store.AppendEventsAsync("L2", [Event(1, id, """{"a":1}""")]));
    }

    [Fact]
    public async Task A_sequence_reused_by_another_event_id_is_refused()
    {
        await Store.AppendEventsAsync("L1", [Event(1)]);

        await Assert.ThrowsAsync<ConflictingEventException>(() => Store.AppendEventsAsync("L1", [Event(1)]));
        await Assert.ThrowsAsync<ConflictingEventException>(() => Store.AppendEventsAsync("L1", [Event(2), Event(2)]));
    }

    [Fact]
    public async Task A_refused_batch_stores_nothing()
    {
        var id = Guid.NewGuid();
        await Store.AppendEventsAsync("L1", [Event(1, id)]);
        var innocent = Event(2);

        await Assert.ThrowsAsync<ConflictingEventException>(() => Store.AppendEventsAsync("L1", [innocent, Event(3, id)]));

        Assert.Equal(1, (await Store.GetLineProgressAsync("L1")).HighestSeen);
        Assert.Equal([AppendOutcome.Stored], (await Store.AppendEventsAsync("L1", [innocent])).Outcomes);
    }

    [Fact]
    public async Task The_same_new_event_id_from_two_lines_at_once_is_stored_once_and_the_other_line_refused()
    {
        // Both batches are new sequences of their lines, which PostgreSQL inserts without ON CONFLICT: the second
        // waits on the first's key, fails on it, and must still end as a conflict that stores nothing.
        var other = OpenTracked(_database);
        var id = Guid.NewGuid();
        var attempts = new[] { ("L1", Store), ("L2", other) }
            .Select(a => Task.Run(async () =>
            {
                try
                {
                    await a.Item2.AppendEventsAsync(a.Item1, [Event(1), Event(2, id), Event(3)]);
                    return a.Item1;
                }
                catch (ConflictingEventException error) when (error.EventId == id)
                {
                    return null;
                }
            }))
            .ToArray();

        var stored = (await Task.WhenAll(attempts)).OfType<string>().ToArray();

        var winner = Assert.Single(stored);
        var loser = winner == "L1" ? "L2" : "L1";
        Assert.Equal(3, (await Store.GetLineProgressAsync(winner)).Watermark);
        Assert.Equal((0, 0), ((await Store.GetLineProgressAsync(loser)).Watermark, (await Store.GetLineProgressAsync(loser)).HighestSeen));
        Assert.Equal([AppendOutcome.Duplicate], (await Store.AppendEventsAsync(winner, [Event(2, id)])).Outcomes);
    }

    [Fact]
    public async Task Concurrent_batches_of_one_line_from_two_processes_end_at_the_full_watermark()
    {
        var other = OpenTracked(_database);
        var events = Enumerable.Range(1, 400).Select(s => Event(s)).ToArray();

        // Odd batches from one store, even batches from the other, at the same time.
        var batches = events.Chunk(20).ToArray();
        await Task.WhenAll(
            Task.Run(async () => { for (var b = 0; b < batches.Length; b += 2) { await Store.AppendEventsAsync("L1", batches[b]); } }),
            Task.Run(async () => { for (var b = 1; b < batches.Length; b += 2) { await other.AppendEventsAsync("L1", batches[b]); } }));

        var progress = await Store.GetLineProgressAsync("L1");
        Assert.Equal((400, 400), (progress.Watermark, progress.HighestSeen));
        Assert.Empty(progress.Gaps);
    }

    [Fact]
    public async Task A_large_batch_mixing_resent_and_new_events_stores_each_once_and_commissions_its_units()
    {
        var serials = Enumerable.Range(1, 600).Select(i => $"B{i:D4}").ToArray();
        await Store.AllocateSerialBlockAsync(Gtin, "L1", serials);
        var events = serials.Select((serial, i) => new LineEvent(Guid.NewGuid(), i + 1, LineEventTypes.Commissioned, At, Gtin, serial, "{}")).ToArray();
        await Store.AppendEventsAsync("L1", events[..200]);

        // 200 resent, 390 new, a gap at 591, then 592..600, with one event repeated inside the batch.
        var result = await Store.AppendEventsAsync("L1", [.. events[..590], .. events[591..], events[5]]);

        Assert.Equal(200 + 1, result.Outcomes.Count(o => o == AppendOutcome.Duplicate));
        Assert.Equal(390 + 9, result.Outcomes.Count(o => o == AppendOutcome.Stored));
        Assert.Equal(AppendOutcome.Duplicate, result.Outcomes[^1]);
        Assert.Equal(590, result.Watermark);
        Assert.Equal([new SequenceRange(591, 591)], (await Store.GetLineProgressAsync("L1")).Gaps);
        Assert.Equal(SerialState.Commissioned, (await Store.GetUnitAsync(Gtin, serials[450]))!.State);
        Assert.Equal(SerialState.Allocated, (await Store.GetUnitAsync(Gtin, serials[590]))!.State);
    }

    [Fact]
    public async Task A_serial_allocated_to_one_line_is_refused_to_any_line()
    {
        var first = await Store.AllocateSerialBlockAsync(Gtin, "L1", ["A1", "A2"]);
        var second = await Store.AllocateSerialBlockAsync(Gtin, "L2", ["A2", "A3", "A3"]);
        var same = await Store.AllocateSerialBlockAsync(Gtin, "L1", ["A1"]);
        var otherGtin = await Store.AllocateSerialBlockAsync("09506000134369", "L2", ["A1"]);

        Assert.Equal(["A1", "A2"], first.Allocated);
        Assert.Equal(["A3"], second.Allocated);
        Assert.Equal(["A2", "A3"], second.Taken);
        Assert.Equal(["A1"], same.Taken);
        Assert.Equal(["A1"], otherGtin.Allocated);
        var unit = await Store.GetUnitAsync(Gtin, "A2");
        Assert.NotNull(unit);
        Assert.Equal(("L1", SerialState.Allocated, (DateTimeOffset?)null), (unit.LineId, unit.State, unit.CommissionedAt));
    }

    [Fact]
    public async Task Concurrent_allocation_from_two_tasks_never_overlaps() => await AllocateConcurrentlyAsync(Store, Store);

    [Fact]
    public async Task Concurrent_allocation_from_two_processes_never_overlaps() => await AllocateConcurrentlyAsync(Store, OpenTracked(_database));

    [Fact]
    public async Task A_serial_request_repeated_returns_the_same_block_and_draws_nothing_more()
    {
        var draws = new CandidateSource("R");
        var request = new SerialBlockRequest("req-1", "L1", Gtin, 50);

        var first = await Store.AllocateSerialRequestAsync(request, draws.Draw);
        var again = await Store.AllocateSerialRequestAsync(request, draws.Draw);
        var afterRestart = await OpenTracked(_database).AllocateSerialRequestAsync(request, draws.Draw);

        Assert.Equal(50, first.Serials.Count);
        Assert.Equal(50, draws.Drawn);
        foreach (var block in new[] { again, afterRestart })
        {
            Assert.Equal((first.BlockId, first.LineId, first.Gtin, first.AllocatedAt), (block.BlockId, block.LineId, block.Gtin, block.AllocatedAt));
            Assert.Equal(first.Serials, block.Serials);
        }

        Assert.Equal("L1", (await Store.GetUnitAsync(Gtin, first.Serials[49]))!.LineId);
    }

    [Fact]
    public async Task A_serial_request_skips_taken_serials_and_draws_again()
    {
        await Store.AllocateSerialBlockAsync(Gtin, "L2", ["T0001", "T0003"]);
        var draws = new CandidateSource("T");

        var block = await Store.AllocateSerialRequestAsync(new SerialBlockRequest("req-2", "L1", Gtin, 4), draws.Draw);

        Assert.Equal(["T0000", "T0002", "T0004", "T0005"], block.Serials);
        Assert.Equal("L2", (await Store.GetUnitAsync(Gtin, "T0001"))!.LineId);
    }

    [Fact]
    public async Task A_serial_request_id_reused_for_another_line_gtin_or_count_is_refused_naming_the_request_id()
    {
        var draws = new CandidateSource("U");
        await Store.AllocateSerialRequestAsync(new SerialBlockRequest("req-3", "L1", Gtin, 5), draws.Draw);

        foreach (var other in new[]
        {
            new SerialBlockRequest("req-3", "L2", Gtin, 5),
            new SerialBlockRequest("req-3", "L1", "09506000134369", 5),
            new SerialBlockRequest("req-3", "L1", Gtin, 6),
        })
        {
            var error = await Assert.ThrowsAsync<SerialRequestConflictException>(() => Store.AllocateSerialRequestAsync(other, draws.Draw));
            Assert.Equal("req-3", error.RequestId);
            Assert.Contains("request_id 'req-3'", error.Message, StringComparison.Ordinal);
        }

        Assert.Equal(5, draws.Drawn);
    }

    [Fact]
    public async Task A_serial_request_whose_draw_fails_allocates_nothing_and_can_be_retried()
    {
        var request = new SerialBlockRequest("req-4", "L1", Gtin, 3);
        var calls = 0;

        await Assert.ThrowsAsync<InvalidOperationException>(() => Store.AllocateSerialRequestAsync(request, n =>
            ++calls == 1 ? ["F0000", "F0001"] : throw new InvalidOperationException("no more serials")));

        Assert.Null(await Store.GetUnitAsync(Gtin, "F0000"));
        var block = await Store.AllocateSerialRequestAsync(request, new CandidateSource("F").Draw);
        Assert.Equal(["F0000", "F0001", "F0002"], block.Serials);
    }

    [Fact]
    public async Task The_same_serial_request_from_two_processes_at_once_allocates_one_block()
    {
        var other = OpenTracked(_database);
        var request = new SerialBlockRequest("req-5", "L1", Gtin, 2000);
        var (a, b) = (new CandidateSource("A"), new CandidateSource("B"));

        var blocks = await Task.WhenAll(
            Task.Run(() => Store.AllocateSerialRequestAsync(request, a.Draw)),
            Task.Run(() => other.AllocateSerialRequestAsync(request, b.Draw)));

        Assert.Equal(blocks[0].BlockId, blocks[1].BlockId);
        Assert.Equal(blocks[0].Serials, blocks[1].Serials);
        Assert.Equal(2000, a.Drawn + b.Drawn);
        var loser = a.Drawn == 0 ? "A0000" : "B0000";
        Assert.Null(await Store.GetUnitAsync(Gtin, loser));
    }

    [Fact]
    public async Task A_commissioned_event_marks_the_allocated_unit_commissioned()
    {
        await Store.AllocateSerialBlockAsync(Gtin, "L1", ["C1", "C2"]);

        await Store.AppendEventsAsync("L1", [new LineEvent(Guid.NewGuid(), 1, LineEventTypes.Commissioned, At, Gtin, "C1", "{}")]);

        var unit = await Store.GetUnitAsync(Gtin, "C1");
        Assert.NotNull(unit);
        Assert.Equal(SerialState.Commissioned, unit.State);
        Assert.Equal(At.UtcTicks / 10, unit.CommissionedAt!.Value.UtcTicks / 10);
        Assert.Equal(SerialState.Allocated, (await Store.GetUnitAsync(Gtin, "C2"))!.State);
        Assert.Null(await Store.GetUnitAsync(Gtin, "never-allocated"));
    }

    [Fact]
    public async Task A_work_order_is_created_once_read_back_and_listed_per_line_oldest_first()
    {
        var first = WorkOrder("WO-1", "L1", At);
        var second = WorkOrder("WO-2", "L1", At.AddMinutes(1)) with { Expiry = null, Model = "" };

        Assert.True(await Store.CreateWorkOrderAsync(second));
        Assert.True(await Store.CreateWorkOrderAsync(first));
        Assert.True(await Store.CreateWorkOrderAsync(WorkOrder("WO-3", "L2", At)));
        Assert.False(await Store.CreateWorkOrderAsync(first with { Quantity = 1 }));

        Assert.Equal(first with { CreatedAt = EventBatch.Stored(At) }, await Store.GetWorkOrderAsync("WO-1"));
        Assert.Null(await Store.GetWorkOrderAsync("WO-9"));
        Assert.Equal(["WO-1", "WO-2"], (await Store.ListWorkOrdersAsync("L1")).Select(o => o.WorkOrderId));
        Assert.Null((await Store.ListWorkOrdersAsync("L1"))[1].Expiry);
        Assert.Empty(await Store.ListWorkOrdersAsync("L1", WorkOrderState.Released));
    }

    [Fact]
    public async Task A_work_order_is_released_then_closed_and_never_released_again()
    {
        await Store.CreateWorkOrderAsync(WorkOrder("WO-1", "L1", At));

        Assert.Equal(WorkOrderState.Released, (await Store.SetWorkOrderStateAsync("WO-1", WorkOrderState.Released))!.State);
        Assert.Equal(WorkOrderState.Released, (await Store.SetWorkOrderStateAsync("WO-1", WorkOrderState.Released))!.State);
        Assert.Equal(WorkOrderState.Released, (await Store.SetWorkOrderStateAsync("WO-1", WorkOrderState.Planned))!.State);
        Assert.Equal(["WO-1"], (await Store.ListWorkOrdersAsync("L1", WorkOrderState.Released)).Select(o => o.WorkOrderId));
        Assert.Equal(WorkOrderState.Closed, (await Store.SetWorkOrderStateAsync("WO-1", WorkOrderState.Closed))!.State);
        Assert.Equal(WorkOrderState.Closed, (await Store.SetWorkOrderStateAsync("WO-1", WorkOrderState.Released))!.State);
        Assert.Empty(await Store.ListWorkOrdersAsync("L1", WorkOrderState.Released));
        Assert.Null(await Store.SetWorkOrderStateAsync("WO-9", WorkOrderState.Closed));
    }

    [Fact]
    public async Task A_work_order_closed_event_from_its_line_closes_it_and_one_from_another_line_does_not()
    {
        await Store.CreateWorkOrderAsync(WorkOrder("WO-1", "L1", At));
        await Store.CreateWorkOrderAsync(WorkOrder("WO-2", "L1", At));
        await Store.SetWorkOrderStateAsync("WO-1", WorkOrderState.Released);
        await Store.SetWorkOrderStateAsync("WO-2", WorkOrderState.Released);

        await Store.AppendEventsAsync("L2", [new LineEvent(Guid.NewGuid(), 1, LineEventTypes.WorkOrderClosed, At, null, null, "{}") { WorkOrderId = "WO-2" }]);
        await Store.AppendEventsAsync("L1", [
            new LineEvent(Guid.NewGuid(), 1, LineEventTypes.Commissioned, At, Gtin, "W1", "{}") { WorkOrderId = "WO-2" },
            new LineEvent(Guid.NewGuid(), 2, LineEventTypes.WorkOrderClosed, At, null, null, """{"issued":"10"}""") { WorkOrderId = "WO-1" },
        ]);

        Assert.Equal(WorkOrderState.Closed, (await Store.GetWorkOrderAsync("WO-1"))!.State);
        Assert.Equal(WorkOrderState.Released, (await Store.GetWorkOrderAsync("WO-2"))!.State);
    }

    [Fact]
    public async Task An_event_resent_with_another_work_order_id_is_refused_and_with_the_same_is_a_duplicate()
    {
        var e = new LineEvent(Guid.NewGuid(), 1, "Printed", At, null, null, "{}") { WorkOrderId = "WO-1" };
        await Store.AppendEventsAsync("L1", [e]);

        Assert.Equal([AppendOutcome.Duplicate], (await Store.AppendEventsAsync("L1", [e with { }])).Outcomes);
        await Assert.ThrowsAsync<ConflictingEventException>(() => Store.AppendEventsAsync("L1", [e with { WorkOrderId = "WO-2" }]));
    }

    [Fact]
    public async Task A_malformed_event_is_refused_before_any_database_work()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Store.AppendEventsAsync("L1", [Event(0)]));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.AppendEventsAsync("L1", [Event(1, payload: "{not json")]));
    }

    private static WorkOrderRecord WorkOrder(string id, string line, DateTimeOffset createdAt) =>
        new(id, line, Gtin, "LOT-7", "271231", 1000, 10, 40, "Model X", WorkOrderState.Planned, createdAt);

    private static LineEvent Event(long sequence, Guid? id = null, string payload = """{"station":"printer"}""") =>
        new(id ?? Guid.NewGuid(), sequence, "Printed", At, null, null, payload);

    // Also pins a PostgreSQL deadlock (40P01): blocks inserted in opposite orders waited on each other's uncommitted keys.
    private static async Task AllocateConcurrentlyAsync(ICentralStore a, ICentralStore b)
    {
        var serials = Enumerable.Range(0, 2000).Select(i => $"S{i:D5}").ToArray();

        // Both lines ask for every serial, in opposite orders and in blocks, at the same time.
        var results = await Task.WhenAll(
            Task.Run(() => AllocateInBlocksAsync(a, "L1", serials)),
            Task.Run(() => AllocateInBlocksAsync(b, "L2", serials.Reverse().ToArray())));

        Assert.Empty(results[0].Intersect(results[1]));
        Assert.Equal(serials.Length, results[0].Count + results[1].Count);
    }

    private static async Task<List<string>> AllocateInBlocksAsync(ICentralStore store, string line, string[] serials)
    {
        var won = new List<string>();
        foreach (var block in serials.Chunk(100))
        {
            var result = await store.AllocateSerialBlockAsync(Gtin, line, block);
            Assert.Equal(block.Length, result.Allocated.Count + result.Taken.Count);
            won.AddRange(result.Allocated);
        }

        return won;
    }

    /// <summary>Candidates PREFIX0000, PREFIX0001, … in order, counting how many were drawn.</summary>
    private sealed class CandidateSource(string prefix)
    {
        public int Drawn { get; private set; }

        public string[] Draw(int count)
        {
            var drawn = Enumerable.Range(Drawn, count).Select(i => $"{prefix}{i:D4}").ToArray();
            Drawn += count;
            return drawn;
        }
    }

    private ICentralStore OpenTracked(string database)
    {
        var store = Open(database);
        _stores.Add(store);
        return store;
    }
}
