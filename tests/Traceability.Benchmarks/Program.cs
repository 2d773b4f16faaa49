using BenchmarkDotNet.Running;
using Traceability.Benchmarks;

if (args is ["ingest-profile", _, _, ..])
{
    await IngestProfile.RunAsync(args);
    return;
}

if (args is ["pipeline-profile", _])
{
    await PipelineProfile.RunAsync(args);
    return;
}

if (args is ["hierarchy-profile", _, _])
{
    await HierarchyLookupProfile.RunAsync(args);
    return;
}

if (args is ["activation-load", _, ..])
{
    await ActivationLoad.RunAsync(args);
    return;
}

if (args is ["scan-load", _, ..])
{
    await ScanLoad.RunAsync(args);
    return;
}

if (args is ["tradein-load", _, ..])
{
    await TradeInLoad.RunAsync(args);
    return;
}

// A benchmark type, not Program: the central-api reference brings its own global Program class.
BenchmarkSwitcher.FromAssembly(typeof(Traceability.Benchmarks.PercentileColumn).Assembly).Run(args);
