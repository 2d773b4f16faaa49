using Microsoft.Extensions.Time.Testing;
using Traceability.LineAgent.Storage;
using Traceability.Testing;

namespace Traceability.LineAgent.Tests.Storage;

/// <summary>A line store in a temp folder, reopened on demand, with a fake clock.</summary>
internal sealed class TestStore : IDisposable
{
    private readonly TempDirectory _directory = new();

    public TestStore(string lineId = "line-1")
    {
        LineId = lineId;
        Path = _directory.File("line.db");
        Store = Open();
    }

    public string LineId { get; }

    public string Path { get; }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 25, 8, 0, 0, TimeSpan.Zero));

    public LineStore Store { get; private set; }

    public LineStore Reopen()
    {
        Store.Dispose();
        Store = Open();
        return Store;
    }

    public Task<T> Commit<T>(Func<LineStoreTransaction, T> change) => Store.CommitAsync(change, CancellationToken.None);

    public Task Commit(Action<LineStoreTransaction> change) => Store.CommitAsync(change, CancellationToken.None);

    /// <summary>A running work order with a block of serials for its GTIN.</summary>
    public async Task<string> RunningWorkOrderAsync(WorkOrderBuilder? order = null, int serials = 100)
    {
        var spec = (order ?? new WorkOrderBuilder()).Build();
        await Commit(tx =>
        {
            tx.ReceiveWorkOrder(spec);
            tx.ReceiveSerialBlock(StoreBuilders.Block("B-" + spec.Id, serials, spec.Gtin));
            tx.StartWorkOrder(spec.Id, StoreBuilders.Operator);
        });
        return spec.Id;
    }

    /// <summary>Takes a serial, prints and verifies it.</summary>
    public Task<UnitRecord> VerifiedUnitAsync(string workOrderId, long plcSequence) => Commit(tx =>
    {
        var unit = tx.TakeSerial(workOrderId, plcSequence);
        tx.RecordPrinted(unit.Key);
        return tx.RecordVerified(unit.Key);
    });

    public void Dispose()
    {
        Store.Dispose();
        _directory.Dispose();
    }

    private LineStore Open() => LineStore.Open(new LineStoreOptions { Path = Path, LineId = LineId }, Time);
}
