using BenchmarkDotNet.Running;
using Traceability.Benchmarks;

if (args is ["ingest-profile", _, _, ..])
{
    await IngestProfile.RunAsync(args);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
