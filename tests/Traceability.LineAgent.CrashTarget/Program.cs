using System.Globalization;
using Traceability.LineAgent.CrashTarget;
using Traceability.LineAgent.Storage;

// Runs the line workload against a store file until it is killed; the crash tests kill it with SIGKILL at random
// points and check every acknowledged fact after the restart. Each stdout line is one durable acknowledgement.
if (args.Length < 1)
{
    Console.Error.WriteLine("usage: Traceability.LineAgent.CrashTarget <store-file> [--seed N] [--workers N] [--ack-before-commit] [--no-fsync]");
    return 1;
}

var seed = Option("--seed", 1);
var workers = Option("--workers", 6);
using var store = LineStore.Open(new LineStoreOptions
{
    Path = args[0],
    LineId = "crash-line",
    FlushToDisk = !args.Contains("--no-fsync"),
});

var output = Console.Out;
var workload = new LineWorkload(store, output.WriteLine, seed, args.Contains("--ack-before-commit"));
try
{
    await workload.SetUpAsync(CancellationToken.None);
    await workload.RecoverAsync(CancellationToken.None);
    output.WriteLine("ready .");
    await workload.RunAsync(workers, CancellationToken.None);
}
catch (Exception e)
{
    Console.Error.WriteLine(e);
    return 3;
}

return 0;

int Option(string name, int fallback)
{
    var at = Array.IndexOf(args, name);
    return at >= 0 && at + 1 < args.Length ? int.Parse(args[at + 1], CultureInfo.InvariantCulture) : fallback;
}
