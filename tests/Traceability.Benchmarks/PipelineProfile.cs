using System.Diagnostics;
using System.Globalization;

namespace Traceability.Benchmarks;

/// <summary>
/// The throughput benchmark's pipeline without BenchmarkDotNet, for A/B runs and for attaching a profiler:
/// <c>dotnet run -c Release --project tests/Traceability.Benchmarks -- pipeline-profile 10</c> runs ten work orders of
/// 4,096 triggers at once (after one cold one) and prints, per work order, units/s, process CPU per unit (and the store
/// committer thread's part of it) and bytes allocated per unit (all threads), then the totals over the warm ones.
/// </summary>
internal static class PipelineProfile
{
    public static async Task RunAsync(string[] args)
    {
        var iterations = int.Parse(args[1], CultureInfo.InvariantCulture);
        var bench = new PipelineThroughputBenchmarks();
        bench.Setup();
        try
        {
            double units = 0, seconds = 0, cpuUs = 0, bytes = 0, committerUs = 0;
            for (var i = 0; i <= iterations; i++)
            {
                bench.StartWorkOrder();
                var gcs = GC.CollectionCount(0);
                var allocated = GC.GetTotalAllocatedBytes(precise: false);
                var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                var committerCpu = PipelineBenchmark.ThreadCpu(PipelineBenchmark.CommitterThread);
                var start = Stopwatch.GetTimestamp();
                await bench.Units_through_the_pipeline();
                var elapsed = Stopwatch.GetElapsedTime(start).TotalSeconds;
                var usedCpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMicroseconds;
                var usedBytes = GC.GetTotalAllocatedBytes(precise: false) - allocated;
                var usedCommitter = (PipelineBenchmark.ThreadCpu(PipelineBenchmark.CommitterThread) - committerCpu).TotalMicroseconds;
                gcs = GC.CollectionCount(0) - gcs;
                bench.CloseWorkOrder();
                const int n = 4096;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{(i == 0 ? "cold" : "warm")} {i}: {n / elapsed:F0} units/s, CPU {usedCpu / n:F0} µs/unit (committer thread {usedCommitter / n:F0}), {usedBytes / 1024.0 / n:F1} KB/unit, {gcs} gen0 GCs"));
                if (i > 0)
                {
                    units += n;
                    seconds += elapsed;
                    cpuUs += usedCpu;
                    committerUs += usedCommitter;
                    bytes += usedBytes;
                }
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"warm total: {units / seconds:F0} units/s, CPU {cpuUs / units:F0} µs/unit (committer thread {committerUs / units:F0}), {bytes / 1024.0 / units:F1} KB/unit (load {File.ReadAllText("/proc/loadavg").Trim()})"));
        }
        finally
        {
            bench.Cleanup();
        }
    }
}
