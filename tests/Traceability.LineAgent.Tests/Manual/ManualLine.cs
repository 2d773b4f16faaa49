using Traceability.Contracts.Line.V1;
using Traceability.Core.Gs1;
using Traceability.LineAgent.Manual;
using Traceability.LineAgent.Storage;
using Traceability.LineAgent.Tests.Pipeline;
using Traceability.LineAgent.Tests.Storage;

namespace Traceability.LineAgent.Tests.Manual;

/// <summary>A line store with a running work order, the in-process printer, and the manual-work service over them.</summary>
internal sealed class ManualLine : IDisposable
{
    public static readonly OperatorAction Engineer = new("eng-1", "label torn at the capper");

    private readonly TestStore _store = new();

    private ManualLine(ReprintOptions options)
    {
        Work = new ManualWork(_store.Store, Printer, PipelineFixture.Options(), options, signer: null, _store.Time);
    }

    public InProcessPrinter Printer { get; } = new();

    public ManualWork Work { get; }

    public LineStore Store => _store.Store;

    public string WorkOrderId { get; private set; } = "";

    public static async Task<ManualLine> StartAsync(ReprintOptions? options = null, int unitsPerCase = 4)
    {
        var line = new ManualLine(options ?? new ReprintOptions());
        line.WorkOrderId = await line._store.RunningWorkOrderAsync(new WorkOrderBuilder { UnitsPerCase = unitsPerCase });
        return line;
    }

    public Task<UnitRecord> VerifiedAsync(long n) => _store.VerifiedUnitAsync(WorkOrderId, n);

    public Task<UnitRecord> AwaitingVerdictAsync(long n) => _store.Commit(tx =>
    {
        var unit = tx.TakeSerial(WorkOrderId, n);
        return tx.RecordPrinted(unit.Key);
    });

    public Task<UnitRecord> RejectedAsync(long n) => _store.Commit(tx =>
    {
        var unit = tx.TakeSerial(WorkOrderId, n);
        tx.RecordPrinted(unit.Key);
        return tx.RecordRejected(unit.Key, "no-read");
    });

    /// <summary>Verified units packed into a case, closed (its Aggregated event written).</summary>
    public async Task<(Sscc Case, List<UnitKey> Units)> ClosedCaseAsync(long reference, int count, long firstSequence)
    {
        var units = new List<UnitKey>();
        for (var i = 0; i < count; i++)
        {
            units.Add((await VerifiedAsync(firstSequence + i)).Key);
        }

        var sscc = StoreBuilders.Sscc(reference);
        await _store.Commit(tx =>
        {
            tx.OpenContainer(ContainerKind.Case, sscc, WorkOrderId);
            units.ForEach(u => tx.PackUnit(u, sscc));
            tx.CloseContainer(sscc);
        });
        return (sscc, units);
    }

    public List<LineEvent> Events() => [.. Store.Outbox.ReadPending(10_000).Select(e => e.ToEvent())];

    /// <summary>The stored counts equal a recount from the units, and all three equations hold.</summary>
    public Reconciliation AssertReconciled()
    {
        var stored = Store.FindWorkOrder(WorkOrderId)!.Counts;
        Assert.Equal(Store.CountFromData(WorkOrderId), stored);
        Assert.True(stored.IsBalanced, string.Join("; ", stored.Imbalances()));
        return stored;
    }

    /// <summary>The serial the in-process printer printed last (its label's Digital Link read back).</summary>
    public string PrintedCode()
    {
        Assert.True(Printer.Printed.Reader.TryRead(out var printed), "nothing was printed");
        return printed.Code;
    }

    public bool PrintedNothing() => !Printer.Printed.Reader.TryRead(out _);

    public void Dispose() => _store.Dispose();
}
