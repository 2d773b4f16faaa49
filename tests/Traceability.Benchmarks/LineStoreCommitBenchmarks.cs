using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using Traceability.Core.Gs1;
using Traceability.Core.Serials;
using Traceability.LineAgent.Storage;
using Traceability.Testing;

namespace Traceability.Benchmarks;

/// <summary>
/// Units per second through the line store's group committer, on a real file: concurrent submitters (the units in
/// flight on a line) each take a serial, record it printed and verified, and await durability. One op = one unit;
/// Op/s is units per second. <c>Durable=false</c> skips the fsync (the OS cache only) to show what the flush costs.
/// </summary>
[Config(typeof(Config))]
[MemoryDiagnoser]
public class LineStoreCommitBenchmarks
{
    private const int Units = 1024;
    private static readonly Gtin Gtin = Gtin.Parse("09506000134352");
    private TempDirectory? _directory;
    private LineStore? _store;
    private long _plc;
    private int _blocks;

    /// <summary>Changes awaited concurrently (1: one unit at a time; 64: a fast line's units in flight).</summary>
    [Params(1, 8, 64)]
    public int Submitters { get; set; }

    /// <summary>1: take + printed + verified in one change; 3: one change each, as a pipeline with separate stages does.</summary>
    [Params(1, 3)]
    public int CommitsPerUnit { get; set; }

    [Params(true, false)]
    public bool Durable { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _directory = new TempDirectory();
        _store = LineStore.Open(new LineStoreOptions { Path = _directory.File("line.db"), LineId = "bench", FlushToDisk = Durable });
        _store.CommitAsync(tx =>
        {
            tx.ReceiveWorkOrder(new WorkOrderSpec("WO-B", Gtin, "LOT", "291231", 100_000_000, 12, 10));
            tx.StartWorkOrder("WO-B", new OperatorAction("bench", "benchmark"));
        }, CancellationToken.None).GetAwaiter().GetResult();
    }

    /// <summary>Tops the pool up outside the measurement (a block of 4096 serials takes about 0.1 s to store).</summary>
    [IterationSetup]
    public void TopUpPool()
    {
        if (_store!.PoolStatus(Gtin).Remaining >= Units)
        {
            return;
        }

        var blockId = "BB" + (++_blocks).ToString("D4", CultureInfo.InvariantCulture);
        var block = new SerialBlock(Gtin, blockId, [.. Enumerable.Range(0, 4 * Units).Select(i => Serial.Parse(blockId + i.ToString("D6", CultureInfo.InvariantCulture)))]);
        _store.CommitAsync(tx => tx.ReceiveSerialBlock(block), CancellationToken.None).GetAwaiter().GetResult();
    }

    [Benchmark(OperationsPerInvoke = Units)]
    public Task Units_through_the_group_committer() =>
        Task.WhenAll(Enumerable.Range(0, Submitters).Select(_ => Task.Run(SubmitterAsync)));

    [GlobalCleanup]
    public void Cleanup()
    {
        _store?.Dispose();
        _directory?.Dispose();
    }

    private async Task SubmitterAsync()
    {
        var store = _store!;
        for (var i = 0; i < Units / Submitters; i++)
        {
            var n = Interlocked.Increment(ref _plc);
            if (CommitsPerUnit == 1)
            {
                await store.CommitAsync(tx =>
                {
                    var unit = tx.TakeSerial("WO-B", n);
                    tx.RecordPrinted(unit.Key);
                    return tx.RecordVerified(unit.Key);
                }, CancellationToken.None);
            }
            else
            {
                var unit = await store.CommitAsync(tx => tx.TakeSerial("WO-B", n), CancellationToken.None);
                await store.CommitAsync(tx => tx.RecordPrinted(unit.Key), CancellationToken.None);
                await store.CommitAsync(tx => tx.RecordVerified(unit.Key), CancellationToken.None);
            }
        }
    }

    private sealed class Config : ManualConfig
    {
        public Config() => AddColumn(StatisticColumn.OperationsPerSecond);
    }
}
