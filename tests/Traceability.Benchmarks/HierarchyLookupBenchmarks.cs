using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using Microsoft.Data.Sqlite;
using Traceability.CentralApi.Storage;

namespace Traceability.Benchmarks;

/// <summary>
/// A unit with its full hierarchy (its case and that case's pallet) looked up by GTIN and serial, through the store
/// API, with 10 million units stored (1 million cases, 25,000 pallets). The database is seeded once and reused
/// (<see cref="HierarchySeed"/>); lookups take serials in a seeded random order, so the B-tree is hit all over.
/// BenchmarkDotNet's median and percentiles are over iteration means; each lookup's own time is printed at cleanup.
/// </summary>
[Config(typeof(LatencyConfig))]
public class HierarchyLookupBenchmarks
{
    private readonly List<long> _ticks = new(1 << 20);
    private IPackingHierarchy? _store;
    private string[] _serials = [];
    private int _next;

    [Params("Sqlite", "Postgres")]
    public string Database { get; set; } = "Sqlite";

    private sealed class LatencyConfig : ManualConfig
    {
        public LatencyConfig()
        {
            AddColumn(StatisticColumn.Median, StatisticColumn.P95, new PercentileColumn(99));
        }
    }

    [GlobalSetup]
    public async Task Setup()
    {
        if (Database == "Postgres")
        {
            await HierarchySeed.EnsurePostgresAsync();
            _store = new PostgresCentralStore(HierarchySeed.PostgresConnection(HierarchySeed.PostgresDatabase));
        }
        else
        {
            await HierarchySeed.EnsureSqliteAsync();
            _store = new SqliteCentralStore(new SqliteConnectionStringBuilder { DataSource = HierarchySeed.SqlitePath }.ToString());
        }

        var random = new Random(42);
        _serials = Enumerable.Range(0, 200_000).Select(_ => HierarchySeed.Serial(random.NextInt64(HierarchySeed.Units))).ToArray();
        var check = await _store.GetUnitHierarchyAsync(HierarchySeed.Gtin, _serials[0])
            ?? throw new InvalidOperationException("The seeded unit is missing.");
        if (check.Containers.Count != 2)
        {
            throw new InvalidOperationException($"Expected a case and a pallet above the unit, found {check.Containers.Count} containers.");
        }
    }

    [Benchmark]
    public async Task<UnitHierarchy?> Unit_with_full_hierarchy()
    {
        var serial = _serials[_next++ % _serials.Length];
        var start = Stopwatch.GetTimestamp();
        var found = await _store!.GetUnitHierarchyAsync(HierarchySeed.Gtin, serial);
        _ticks.Add(Stopwatch.GetTimestamp() - start);
        return found;
    }

    /// <summary>Forgets the times measured so far (warm-up done outside BenchmarkDotNet).</summary>
    internal void ResetTimes() => _ticks.Clear();

    [GlobalCleanup]
    public async Task Cleanup()
    {
        if (_ticks.Count > 0)
        {
            var sorted = _ticks.Order().ToArray();
            double Us(double q) => sorted[Math.Min(sorted.Length - 1, (int)(q * sorted.Length))] * 1e6 / Stopwatch.Frequency;
            Console.WriteLine($"// {Database} per-lookup times: n={sorted.Length} median={Us(0.5):F0} us p99={Us(0.99):F0} us max={Us(1.0):F0} us");
        }

        if (_store is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }
    }
}
