using System.Globalization;

namespace Traceability.Benchmarks;

/// <summary>
/// Times single hierarchy lookups on one database without BenchmarkDotNet's runs of both databases:
/// <c>dotnet run -c Release --project tests/Traceability.Benchmarks -- hierarchy-profile Postgres 50000</c>. Seeds
/// the database if need be (<see cref="HierarchySeed"/>), warms up with a tenth of the lookups, then prints each
/// lookup's median, p99 and maximum, as <see cref="HierarchyLookupBenchmarks"/> does at cleanup.
/// </summary>
internal static class HierarchyLookupProfile
{
    public static async Task RunAsync(string[] args)
    {
        var lookups = int.Parse(args[2], CultureInfo.InvariantCulture);
        var benchmark = new HierarchyLookupBenchmarks { Database = args[1] };
        await benchmark.Setup();
        for (var i = 0; i < lookups / 10; i++)
        {
            await benchmark.Unit_with_full_hierarchy();
        }

        // The measured lookups go on through the serials: none repeats a warm-up serial (200,000 in the list).
        benchmark.ResetTimes();
        for (var i = 0; i < lookups; i++)
        {
            await benchmark.Unit_with_full_hierarchy();
        }

        await benchmark.Cleanup();
    }
}
