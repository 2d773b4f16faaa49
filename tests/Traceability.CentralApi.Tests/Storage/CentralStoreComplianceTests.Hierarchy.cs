using System.Globalization;
using System.Text;
using System.Text.Json;
using Traceability.CentralApi.Storage;
using Traceability.Core.Gs1;
using Traceability.Core.Lifecycle;

namespace Traceability.CentralApi.Tests.Storage;

/// <summary>States, batch and the packing hierarchy projected from line events, the same on every database.</summary>
public abstract partial class CentralStoreComplianceTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 25, 8, 0, 0, TimeSpan.Zero);

    private IPackingHierarchy Hierarchy => (IPackingHierarchy)Store;

    [Fact]
    public async Task Commissioning_keeps_the_batch_expiry_and_work_order()
    {
        await Store.AllocateSerialBlockAsync(Gtin, "L1", ["C1"]);

        await Store.AppendEventsAsync("L1", [Commission(1, "L1", Gtin, "C1", T0, "WO-7")]);

        var found = await Hierarchy.GetUnitHierarchyAsync(Gtin, "C1");
        Assert.NotNull(found);
        var unit = found.Unit;
        Assert.Equal((SerialState.Commissioned, "LOT-1", "271231", "WO-7", "L1"), (unit.State, unit.Lot, unit.Expiry, unit.WorkOrderId, unit.LineId));
        Assert.Equal(T0, unit.CommissionedAt);
        Assert.Empty(found.Containers);
        Assert.Null(await Hierarchy.GetUnitHierarchyAsync(Gtin, "never-allocated"));
    }

    [Fact]
    public async Task A_unit_commissioned_twice_keeps_its_first_batch_and_its_newest_state_in_any_arrival_order()
    {
        // Commissioning is projected without loading the row (one conditional UPDATE): the versions are compared in SQL.
        await Store.AllocateSerialBlockAsync(Gtin, "L1", ["R1", "R2"]);
        LineEvent[] History(string serial, long first) =>
        [
            Commission(first, "L1", Gtin, serial, T0, "WO-7"),
            Reject(first + 1, T0.AddSeconds(10), Gtin, serial),
            Commission(first + 2, "L1", Gtin, serial, T0.AddSeconds(20), "WO-8"),
        ];

        foreach (var e in History("R1", 1).Reverse())
        {
            await Store.AppendEventsAsync("L1", [e]);
        }

        await Store.AppendEventsAsync("L1", [.. History("R2", 4).Reverse()]);

        foreach (var serial in new[] { "R1", "R2" })
        {
            var unit = (await Hierarchy.GetUnitHierarchyAsync(Gtin, serial))!.Unit;
            Assert.Equal((SerialState.Commissioned, T0, "WO-7"), (unit.State, unit.CommissionedAt, unit.WorkOrderId));
        }
    }

    [Fact]
    public async Task Units_in_cases_on_a_pallet_read_both_ways()
    {
        var units = new[] { "U1", "U2", "U3", "U4" };
        await Store.AllocateSerialBlockAsync(Gtin, "L1", units);
        var (caseA, caseB, pallet) = (TestSscc(1), TestSscc(2), TestSscc(3));
        var events = units.Select((s, i) => Commission(i + 1, "L1", Gtin, s, T0.AddSeconds(i))).ToList();
        events.Add(Aggregate(5, T0.AddMinutes(1), caseA, Unit(Gtin, "U1"), Unit(Gtin, "U2")));
        events.Add(Aggregate(6, T0.AddMinutes(2), caseB, Unit(Gtin, "U3"), Unit(Gtin, "U4")));
        events.Add(Aggregate(7, T0.AddMinutes(3), pallet, Case(caseA), Case(caseB)));

        await Store.AppendEventsAsync("L1", events);

        var u3 = await Hierarchy.GetUnitHierarchyAsync(Gtin, "U3");
        Assert.Equal([caseB, pallet], u3!.Containers.Select(c => c.Sscc));
        Assert.Equal(("L1", T0.AddMinutes(2), SerialState.Commissioned), (u3.Containers[0].LineId, u3.Containers[0].PackedAt, u3.Containers[0].State));

        var top = await Hierarchy.GetContainerContentsAsync(pallet, listAllUnits: true);
        Assert.NotNull(top);
        Assert.Equal([caseA, caseB], top.ChildContainers);
        Assert.Empty(top.ChildUnits);
        Assert.Empty(top.Parents);
        Assert.Equal(4, top.UnitCount);
        Assert.Equal(units, top.Units!.Select(u => u.Serial));

        var inner = await Hierarchy.GetContainerContentsAsync(caseA, listAllUnits: false);
        Assert.Equal([pallet], inner!.Parents.Select(p => p.Sscc));
        Assert.Equal(["U1", "U2"], inner.ChildUnits.Select(u => u.Serial));
        Assert.Equal(2, inner.UnitCount);
        Assert.Null(inner.Units);
        Assert.Null(await Hierarchy.GetContainerContentsAsync(TestSscc(99), listAllUnits: true));
    }

    [Fact]
    public async Task A_line_cannot_change_the_state_of_a_unit_allocated_to_another_line()
    {
        await Store.AllocateSerialBlockAsync(Gtin, "L1", ["X1"]);

        await Store.AppendEventsAsync("L2", [Commission(1, "L2", Gtin, "X1", T0)]);

        var unit = (await Hierarchy.GetUnitHierarchyAsync(Gtin, "X1"))!.Unit;
        Assert.Equal((SerialState.Allocated, (DateTimeOffset?)null, (string?)null), (unit.State, unit.CommissionedAt, unit.Lot));
    }

    [Fact]
    public async Task A_decommissioned_container_keeps_its_contents_and_takes_the_state_the_reason_names()
    {
        await Store.AllocateSerialBlockAsync(Gtin, "L1", ["D1"]);
        var box = TestSscc(4);

        await Store.AppendEventsAsync("L1", [
            Commission(1, "L1", Gtin, "D1", T0),
            Aggregate(2, T0.AddMinutes(1), box, Unit(Gtin, "D1")),
            Decommission(3, T0.AddMinutes(2), Case(box), "destroyed"),
        ]);

        var contents = await Hierarchy.GetContainerContentsAsync(box, listAllUnits: false);
        Assert.Equal(SerialState.Destroyed, contents!.Container.State);
        Assert.Equal(1, contents.UnitCount);
    }

    /// <summary>
    /// One packing history (moves, an emptied case, decommissioning, a rejected label, a reissued label) streamed in
    /// order, in reverse and in seeded random orders and batch sizes, then replayed whole: every run ends the same.
    /// Each run uses its own line, serials and SSCCs in one database.
    /// </summary>
    [Fact]
    public async Task The_hierarchy_ends_the_same_whatever_order_the_events_arrive_in()
    {
        const string Expected = """
            A: Commissioned in=P children=u1,u6 units=2
            B: Commissioned in=P children=u4 units=1
            P: Commissioned in=- children=A,B units=3
            u1: Sampled lot=LOT-1 exp=271231 wo=WO-7 in=A,P
            u2: Inactive lot=LOT-1 exp=271231 wo=WO-7 in=- replacedBy=u6
            u3: Commissioned lot=LOT-1 exp=271231 wo=WO-7 in=-
            u4: Commissioned lot=LOT-1 exp=271231 wo=WO-7 in=B,P
            u5: Inactive lot=LOT-1 exp=271231 wo=WO-7 in=-
            u6: Commissioned lot=LOT-1 exp=271231 wo=WO-7 in=A,P replaces=u2
            u7: LabelScrapped lot=- exp=- wo=- in=-
            """;
        var random = new Random(20261125);
        for (var run = 0; run < 14; run++)
        {
            var history = new PackingHistory(run);
            await Store.AllocateSerialBlockAsync(Gtin, history.Line, history.Serials);
            var order = run switch
            {
                0 => history.Events.ToList(),
                1 => history.Events.AsEnumerable().Reverse().ToList(),
                _ => history.Events.OrderBy(_ => random.Next()).ToList(),
            };
            for (var i = 0; i < order.Count;)
            {
                var size = run < 2 ? 1 : random.Next(1, 5);
                await Store.AppendEventsAsync(history.Line, order.Skip(i).Take(size).ToList());
                i += size;
            }

            Assert.Equal(Expected.ReplaceLineEndings("\n"), await SnapshotAsync(history));

            var replay = await Store.AppendEventsAsync(history.Line, history.Events);
            Assert.All(replay.Outcomes, o => Assert.Equal(AppendOutcome.Duplicate, o));
            Assert.Equal(Expected.ReplaceLineEndings("\n"), await SnapshotAsync(history));
        }
    }

    private async Task<string> SnapshotAsync(PackingHistory history)
    {
        var text = new StringBuilder();
        foreach (var (name, sscc) in history.Containers)
        {
            var c = (await Hierarchy.GetContainerContentsAsync(sscc, listAllUnits: true))!;
            var children = c.ChildContainers.Select(history.Name).Concat(c.ChildUnits.Select(u => history.Name(u.Serial))).Order(StringComparer.Ordinal);
            text.Append(CultureInfo.InvariantCulture, $"{name}: {c.Container.State} in={Chain(history, c.Parents)} children={string.Join(',', children)} units={c.UnitCount}\n");
        }

        foreach (var serial in history.Serials)
        {
            var u = (await Hierarchy.GetUnitHierarchyAsync(Gtin, serial))!;
            var d = u.Unit;
            text.Append(CultureInfo.InvariantCulture, $"{history.Name(serial)}: {d.State} lot={d.Lot ?? "-"} exp={d.Expiry ?? "-"} wo={d.WorkOrderId ?? "-"} in={Chain(history, u.Containers)}");
            if (d.ReplacedBy is { } by)
            {
                text.Append(" replacedBy=").Append(history.Name(by.Serial));
            }

            if (d.Replaces is { } replaces)
            {
                text.Append(" replaces=").Append(history.Name(replaces.Serial));
            }

            text.Append('\n');
        }

        return text.ToString().TrimEnd('\n');
    }

    private static string Chain(PackingHistory history, IReadOnlyList<ContainerRecord> chain) =>
        chain.Count == 0 ? "-" : string.Join(',', chain.Select(c => history.Name(c.Sscc)));

    private static string TestSscc(long reference) => Sscc.Create(0, "9506000", reference).Value;

    private static object Unit(string gtin, string serial) => new { unit = new { gtin, serial } };

    private static object Case(string sscc) => new { sscc };

    private static LineEvent Body(long sequence, string type, DateTimeOffset at, string? gtin, string? serial, object body) =>
        new(Guid.NewGuid(), sequence, type, at, gtin, serial, JsonSerializer.Serialize(body));

    private static LineEvent Commission(long sequence, string line, string gtin, string serial, DateTimeOffset at, string? workOrder = "WO-7") =>
        Body(sequence, LineEventTypes.Commissioned, at, gtin, serial, workOrder is null
            ? new { unit = new { gtin, serial }, lot = "LOT-1", expiry = "271231" }
            : new { unit = new { gtin, serial }, lot = "LOT-1", expiry = "271231", workOrderId = workOrder });

    private static LineEvent Aggregate(long sequence, DateTimeOffset at, string parent, params object[] children) =>
        Body(sequence, LineEventTypes.Aggregated, at, null, null, new { parentSscc = parent, children });

    private static LineEvent Disaggregate(long sequence, DateTimeOffset at, string parent, params object[] children) =>
        Body(sequence, LineEventTypes.Disaggregated, at, null, null, new { parentSscc = parent, children, reason = "rework" });

    private static LineEvent Decommission(long sequence, DateTimeOffset at, object item, string reason) =>
        Body(sequence, LineEventTypes.Decommissioned, at, null, null, new { item, reason });

    private static LineEvent Reissue(long sequence, DateTimeOffset at, string gtin, string oldSerial, string newSerial) =>
        Body(sequence, LineEventTypes.LabelReprinted, at, gtin, oldSerial, new
        {
            item = new { unit = new { gtin, serial = oldSerial } },
            reason = "smudged",
            reissued = true,
            newItem = new { unit = new { gtin, serial = newSerial } },
        });

    private static LineEvent Reject(long sequence, DateTimeOffset at, string gtin, string serial) =>
        Body(sequence, LineEventTypes.Rejected, at, gtin, serial, new { unit = new { gtin, serial }, reason = "no-read" });

    /// <summary>The packing history of one run, with its own line, serials (u1…u7) and SSCCs (A, B, P).</summary>
    private sealed class PackingHistory
    {
        private readonly Dictionary<string, string> _names = [];

        public PackingHistory(int run)
        {
            Line = $"LP{run}";
            Serials = Enumerable.Range(1, 7).Select(i => $"R{run}U{i}").ToArray();
            Containers = [("A", TestSscc(run * 10 + 1)), ("B", TestSscc(run * 10 + 2)), ("P", TestSscc(run * 10 + 3))];
            for (var i = 0; i < Serials.Length; i++)
            {
                _names[Serials[i]] = $"u{i + 1}";
            }

            foreach (var (name, sscc) in Containers)
            {
                _names[sscc] = name;
            }

            string U(int i) => Serials[i - 1];
            var (a, b, p) = (Containers[0].Sscc, Containers[1].Sscc, Containers[2].Sscc);
            DateTimeOffset At(int minute) => T0.AddMinutes(minute);
            var seq = 0L;
            Events = [];
            for (var i = 1; i <= 5; i++)
            {
                Events.Add(Commission(++seq, Line, Gtin, U(i), At(i)));
            }

            Events.Add(Aggregate(++seq, At(6), a, Unit(Gtin, U(1)), Unit(Gtin, U(2)), Unit(Gtin, U(3))));
            Events.Add(Aggregate(++seq, At(7), b, Unit(Gtin, U(4)), Unit(Gtin, U(5))));
            Events.Add(Reject(++seq, At(8), Gtin, U(7)));
            Events.Add(Disaggregate(++seq, At(9), a, Unit(Gtin, U(3))));
            Events.Add(Aggregate(++seq, At(10), b, Unit(Gtin, U(3))));
            Events.Add(Reissue(++seq, At(11), Gtin, U(2), U(6)));
            Events.Add(Aggregate(++seq, At(12), p, Case(a), Case(b)));
            Events.Add(Decommission(++seq, At(13), Unit(Gtin, U(5)), "damaged"));
            Events.Add(Disaggregate(++seq, At(14), b));
            Events.Add(Aggregate(++seq, At(15), b, Unit(Gtin, U(4))));
            Events.Add(Decommission(++seq, At(16), Unit(Gtin, U(1)), "sampled"));
        }

        public string Line { get; }

        public string[] Serials { get; }

        public (string Name, string Sscc)[] Containers { get; }

        public List<LineEvent> Events { get; }

        public string Name(string id) => _names[id];
    }
}
