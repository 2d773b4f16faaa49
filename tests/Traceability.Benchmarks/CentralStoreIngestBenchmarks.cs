using BenchmarkDotNet.Attributes;
using Traceability.CentralApi.Storage;
using StoredEvent = Traceability.CentralApi.Storage.LineEvent;

namespace Traceability.Benchmarks;

/// <summary>
/// The store alone (no gRPC): a line's UnitCommissioned events appended in batches, each commissioning a unit allocated
/// beforehand. On PostgreSQL the batch is staged by binary COPY or by unnest (<see cref="PostgresEventStaging"/>); this
/// decides from which batch size COPY is used. One operation is one event: events/s = 1 / Mean.
/// </summary>
[InvocationCount(1)]
public class CentralStoreIngestBenchmarks
{
    private const int EventsPerInvocation = 10_000;

    private CentralBenchmarkDatabase? _database;
    private ICentralStore? _store;
    private List<StoredEvent[]> _batches = [];
    private string _lineId = "";
    private int _iteration;

    /// <summary>Sqlite, or PostgreSQL staging every batch by Copy or by Unnest.</summary>
    [Params("Sqlite", "PostgresCopy", "PostgresUnnest")]
    public string Store { get; set; } = "";

    [Params(10, 100, 1000)]
    public int BatchSize { get; set; }

    [GlobalSetup]
    public async Task Setup()
    {
        _database = await CentralBenchmarkDatabase.CreateAsync(Store == "Sqlite" ? StorageProvider.Sqlite : StorageProvider.Postgres);
        _store = _database.OpenStore(Store == "PostgresCopy" ? 1 : int.MaxValue);
        await _store.MigrateAsync();
    }

    [IterationSetup]
    public void PrepareIteration()
    {
        var run = $"S{++_iteration:D2}";
        _lineId = $"bench-{run}";
        var serials = CentralBenchmarkEvents.Serials(run, "L", EventsPerInvocation);
        _store!.AllocateSerialBlockAsync(CentralBenchmarkEvents.Gtin, _lineId, serials).GetAwaiter().GetResult();
        _batches = [.. CentralBenchmarkEvents.Batches(_lineId, serials, BatchSize).Select(batch => batch.Events.Select(ToStored).ToArray())];
    }

    [Benchmark(OperationsPerInvoke = EventsPerInvocation)]
    public async Task Append_commissioned_events()
    {
        foreach (var batch in _batches)
        {
            await _store!.AppendEventsAsync(_lineId, batch);
        }
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }

        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    private static StoredEvent ToStored(Contracts.Line.V1.LineEvent wire) =>
        new(Guid.Parse(wire.EventId), wire.Sequence, LineEventTypes.Commissioned, wire.OccurredAt.ToDateTimeOffset(),
            wire.UnitCommissioned.Unit.Gtin, wire.UnitCommissioned.Unit.Serial, Google.Protobuf.JsonFormatter.Default.Format(wire.UnitCommissioned))
        {
            WorkOrderId = wire.WorkOrderId,
        };
}
