using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using Traceability.Core.Authentication;
using Traceability.Core.Gs1;
using Traceability.Core.Serials;
using Traceability.LineAgent.Pipeline;
using Traceability.LineAgent.Storage;
using Traceability.LineAgent.Tests.Pipeline;
using Traceability.Testing;

namespace Traceability.Benchmarks;

/// <summary>
/// Throughput of the real <see cref="LinePipeline"/> over the real <see cref="LineStore"/> on disk (durable group
/// commits: fsync before any caller is told) with in-process PLC, printer and reader (no sockets): each op is one unit
/// from its PLC trigger through serial, signed label, read, verdict stored and written to the PLC, to packed in a case
/// (cases of 12 labelled and verified, pallets of 10). One iteration fires 4,096 triggers at once and waits until
/// every unit has its verdict and every good unit is packed; Op/s is units per second.
/// </summary>
public class PipelineThroughputBenchmarks : PipelineBenchmark
{
    private const int BurstUnits = 4096;

    protected override int Units => BurstUnits;

    protected override string Label => "every trigger at once";

    [Benchmark(OperationsPerInvoke = BurstUnits)]
    public async Task Units_through_the_pipeline()
    {
        for (var i = 0; i < Units; i++)
        {
            Plc.Trigger();
        }

        await UntilDoneAsync();
    }
}

/// <summary>
/// The agent's own time per unit at a line speed: the same pipeline as <see cref="PipelineThroughputBenchmarks"/>, the
/// PLC firing <see cref="TriggersPerSecond"/> for ten seconds. The distribution (trigger → verdict, device latency
/// excluded; <c>PipelineMetrics</c>) is printed at cleanup; the Mean is just the ten seconds and the drain.
/// </summary>
public class PipelineLatencyBenchmarks : PipelineBenchmark
{
    /// <summary>20/s is 1,200 units per minute.</summary>
    [Params(20, 200)]
    public int TriggersPerSecond { get; set; }

    protected override int Units => TriggersPerSecond * 10;

    protected override string Label => string.Create(CultureInfo.InvariantCulture, $"{TriggersPerSecond} triggers/s");

    [Benchmark]
    public async Task Ten_seconds_of_triggers()
    {
        // Fire the triggers that are due at every millisecond tick: a PLC at a steady rate.
        var start = Stopwatch.GetTimestamp();
        using var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(1));
        var fired = 0;
        while (fired < Units && await tick.WaitForNextTickAsync())
        {
            var due = Math.Min(Units, (int)(Stopwatch.GetElapsedTime(start).TotalSeconds * TriggersPerSecond) + 1);
            for (; fired < due; fired++)
            {
                Plc.Trigger();
            }
        }

        await UntilDoneAsync();
    }
}

/// <summary>
/// One store on disk for the run; per iteration (outside the measurement) a running work order, its pool and a fresh
/// pipeline, closed and reconciled afterwards. The agent time of every unit is collected from the pipeline's meter.
/// </summary>
[Config(typeof(Config))]
[MemoryDiagnoser]
public abstract class PipelineBenchmark
{
    private static readonly Gtin Gtin = Gtin.Parse("09506000134352");
    private static readonly OperatorAction Operator = new("bench", "benchmark");
    private readonly ConcurrentQueue<(int Iteration, double Ms)> _agentMs = new();
    private TempDirectory? _directory;
    private LineStore? _store;
    private CodeSigningKey? _key;
    private MeterListener? _listener;
    private InProcessPlc? _plc;
    private InProcessReader? _reader;
    private InProcessPrinter? _printer;
    private LinePipeline? _pipeline;
    private TaskCompletionSource? _allVerdicts;
    private int _verdicts;
    private int _iteration;
    private CommitterStatistics _committerAtStart;
    private TimeSpan _cpuAtStart;
    private TimeSpan _committerCpuAtStart;
    private TimeSpan _committerCpu;
    private CommitterStatistics _committer;
    private TimeSpan _cpu;
    private long _measuredUnits;

    /// <summary>Units per iteration (one work order).</summary>
    protected abstract int Units { get; }

    /// <summary>How the triggers come, for the printed distribution.</summary>
    protected abstract string Label { get; }

    private protected InProcessPlc Plc => _plc!;

    [GlobalSetup]
    public void Setup()
    {
        _directory = new TempDirectory();
        _store = LineStore.Open(new LineStoreOptions { Path = _directory.File("line.db"), LineId = "bench" });
        _key = CodeSigningKey.Create(CodeKeyId.Parse("K1"));
        _listener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == PipelineMetrics.MeterName && instrument.Name == PipelineMetrics.AgentTimeName)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        _listener.SetMeasurementEventCallback<double>((_, ms, _, _) => _agentMs.Enqueue((Volatile.Read(ref _iteration), ms)));
        _listener.Start();
    }

    [IterationSetup]
    public void StartWorkOrder()
    {
        var store = _store!;
        var id = "WO-" + (++_iteration).ToString("D4", CultureInfo.InvariantCulture);
        var block = new SerialBlock(Gtin, "B" + id, [.. Enumerable.Range(0, Units).Select(i => Serial.Parse(id + "X" + i.ToString("D6", CultureInfo.InvariantCulture)))]);
        store.CommitAsync(tx =>
        {
            tx.ReceiveSerialBlock(block);
            tx.ReceiveWorkOrder(new WorkOrderSpec(id, Gtin, "LOT-7", "291231", Units, 12, 10));
            tx.StartWorkOrder(id, Operator);
        }, CancellationToken.None).GetAwaiter().GetResult();

        _plc = new InProcessPlc();
        _reader = new InProcessReader();
        _printer = new InProcessPrinter(_reader);
        _pipeline = new LinePipeline(store, _plc, _printer, _reader, Options(), new CodeSigner(_key!));
        _verdicts = 0;
        var allVerdicts = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _allVerdicts = allVerdicts;
        _pipeline.VerdictWritten += (_, _) =>
        {
            if (Interlocked.Increment(ref _verdicts) == Units)
            {
                allVerdicts.TrySetResult();
            }
        };
        _pipeline.StartAsync(id, CancellationToken.None).GetAwaiter().GetResult();
        _committerAtStart = store.CommitterStatistics;
        _cpuAtStart = Process.GetCurrentProcess().TotalProcessorTime;
        _committerCpuAtStart = ThreadCpu(CommitterThread);
    }

    /// <summary>Closes the work order (reconciled) and checks that every unit was read, verified and packed.</summary>
    [IterationCleanup]
    public void CloseWorkOrder()
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - _cpuAtStart;
        var committer = _store!.CommitterStatistics.Since(_committerAtStart);
        _cpu += cpu;
        _committerCpu += ThreadCpu(CommitterThread) - _committerCpuAtStart;
        _committer = new CommitterStatistics(
            _committer.Groups + committer.Groups,
            _committer.Changes + committer.Changes,
            _committer.Flushes + committer.Flushes,
            _committer.RunTicks + committer.RunTicks,
            _committer.CommitTicks + committer.CommitTicks,
            _committer.FlushTicks + committer.FlushTicks,
            _committer.Checkpoints + committer.Checkpoints,
            _committer.CheckpointTicks + committer.CheckpointTicks);
        _measuredUnits += Units;
        var closed = _pipeline!.CloseWorkOrderAsync(Operator, CancellationToken.None).GetAwaiter().GetResult();
        _pipeline.DisposeAsync().AsTask().GetAwaiter().GetResult();
        if (closed.Counts.Verified != Units || closed.Counts.Packed != Units || !closed.Counts.IsBalanced)
        {
            throw new InvalidOperationException($"{closed.Id}: {closed.Counts} (every unit should be read, verified and packed)");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _listener?.Dispose();
        PrintAgentTime("every iteration", _agentMs.Select(x => x.Ms));
        // The first work order runs cold (JIT, tiering, first LiteDB pages): a line runs for hours after its first minute.
        PrintAgentTime("after the first iteration", _agentMs.Where(x => x.Iteration > 1).Select(x => x.Ms));

        if (_measuredUnits > 0)
        {
            double PerUnit(TimeSpan t) => t.TotalMicroseconds / _measuredUnits;
            var c = _committer;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"// Per unit over {_measuredUnits} units, {Label}: process CPU {PerUnit(_cpu):F0} µs (store committer thread {PerUnit(_committerCpu):F0} µs); store: running changes {PerUnit(c.Running):F0} µs, commit {PerUnit(c.Committing):F0} µs, fsync {PerUnit(c.Flushing):F0} µs; {c.Groups} groups ({(double)c.Changes / Math.Max(1, c.Groups):F1} changes each, {(double)c.Changes / _measuredUnits:F2} per unit), {c.Flushes} fsyncs; {c.Checkpoints} checkpoints between groups ({c.Checkpointing.TotalMilliseconds / Math.Max(1, c.Checkpoints):F1} ms each)"));
        }

        _key?.Dispose();
        _store?.Dispose();
        _directory?.Dispose();
    }

    /// <summary>The store's committer thread (its name is "LineStore " + the line id, cut to 15 characters by Linux).</summary>
    internal const string CommitterThread = "LineStore bench";

    /// <summary>User + system CPU of this process's threads named <paramref name="name"/> (Linux: /proc/self/task; elsewhere zero).</summary>
    internal static TimeSpan ThreadCpu(string name)
    {
        long ticks = 0;
        if (!Directory.Exists("/proc/self/task"))
        {
            return TimeSpan.Zero;
        }

        foreach (var task in Directory.EnumerateDirectories("/proc/self/task"))
        {
            try
            {
                if (File.ReadAllText(Path.Combine(task, "comm")).TrimEnd() != name)
                {
                    continue;
                }

                // The fields after the ")" closing the name, from field 3 (state): utime is field 14, stime 15.
                var stat = File.ReadAllText(Path.Combine(task, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                ticks += long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            }
            catch (IOException)
            {
                // The thread ended meanwhile.
            }
        }

        // Clock ticks of 10 ms (USER_HZ is 100 on Linux).
        return TimeSpan.FromMilliseconds(ticks * 10);
    }

    private void PrintAgentTime(string which, IEnumerable<double> samples)
    {
        var sorted = samples.Order().ToArray();
        if (sorted.Length > 0)
        {
            double Ms(double q) => sorted[Math.Min(sorted.Length - 1, (int)(q * sorted.Length))];
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"// Agent time per unit (trigger → verdict, devices excluded), {Label}, {which}: n={sorted.Length} median={Ms(0.5):F3} ms p99={Ms(0.99):F3} ms p99.9={Ms(0.999):F3} ms max={Ms(1.0):F3} ms"));
        }
    }

    /// <summary>Waits until every unit has its verdict at the PLC and every good unit is packed.</summary>
    protected async Task UntilDoneAsync()
    {
        await _allVerdicts!.Task;
        while (_pipeline!.InFlight > 0)
        {
            await Task.Delay(1);
        }
    }

    private static PipelineOptions Options() => new()
    {
        // Wide windows: a burst of thousands of triggers must not turn queueing into no-reads.
        ReadWindow = TimeSpan.FromSeconds(20),
        VerdictDeadline = TimeSpan.FromSeconds(30),
        ContainerReadWindow = TimeSpan.FromSeconds(5),
        SsccExtensionDigit = 3,
        CompanyPrefix = "9506000",
        DigitalLinkPrefix = "https://id.example.com",
        UnitTemplate = RepositoryPaths.Combine("label-templates", "templates", "unit.json"),
        CaseTemplate = RepositoryPaths.Combine("label-templates", "templates", "case.json"),
        PalletTemplate = RepositoryPaths.Combine("label-templates", "templates", "pallet.json"),
        Model = "S9 45mm",
        Destination = "DC-1",
    };

    private sealed class Config : ManualConfig
    {
        public Config() => AddColumn(StatisticColumn.OperationsPerSecond);
    }
}
