using System.Globalization;

namespace Traceability.Benchmarks.Load;

/// <summary>
/// The load programs' switches, taken out of the command line wherever they stand; the rest are the positional
/// arguments (database, rate, seconds, …). <c>--in-process</c>: central in the benchmark process, as before session 5;
/// <c>--httpclient</c>: the HttpClient driver instead of the lean client; <c>--connections N</c>: the client's pool
/// (256); <c>--central-env NAME=VALUE</c> (repeatable): an environment variable for central's process only, e.g.
/// <c>DOTNET_gcServer=0</c>.
/// </summary>
internal sealed record LoadOptions(string[] Arguments, bool InProcess, bool UseHttpClient, int Connections, IReadOnlyList<KeyValuePair<string, string>> CentralEnvironment)
{
    public const int DefaultConnections = 256;

    public static LoadOptions Parse(string[] args)
    {
        var positional = new List<string>();
        var inProcess = false;
        var httpClient = false;
        var connections = DefaultConnections;
        var environment = new List<KeyValuePair<string, string>>();
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--in-process":
                    inProcess = true;
                    break;
                case "--httpclient":
                    httpClient = true;
                    break;
                case "--connections":
                    connections = int.Parse(Value(args, ref i), CultureInfo.InvariantCulture);
                    break;
                case "--central-env":
                    var setting = Value(args, ref i);
                    var equals = setting.IndexOf('=', StringComparison.Ordinal);
                    if (equals <= 0)
                    {
                        throw new ArgumentException($"--central-env wants NAME=VALUE, not '{setting}'.");
                    }

                    environment.Add(new(setting[..equals], setting[(equals + 1)..]));
                    break;
                default:
                    positional.Add(args[i]);
                    break;
            }
        }

        if (inProcess && environment.Count > 0)
        {
            throw new ArgumentException("--central-env needs central in its own process (drop --in-process).");
        }

        return new LoadOptions([.. positional], inProcess, httpClient, connections, environment);
    }

    /// <summary>
    /// Readies this process as the load client, before its first thread-pool work item: with central in its own process,
    /// thread-pool workers do not spin waiting for work (the runtime's default spins ~70 times before sleeping). Each
    /// answer wakes one worker for a few microseconds; spinning after it cost the client about a third of its CPU
    /// (2,000 scans/s: 52 → 34 µs a request). Central's own thread pool keeps the runtime's defaults.
    /// </summary>
    public void ApplyToThisProcess()
    {
        if (!InProcess && Environment.GetEnvironmentVariable("DOTNET_ThreadPool_UnfairSemaphoreSpinLimit") is null)
        {
            AppContext.SetData("System.Threading.ThreadPool.UnfairSemaphoreSpinLimit", "0");
        }
    }

    /// <summary>Positional argument <paramref name="index"/> as an integer, or <paramref name="fallback"/> when absent.</summary>
    public int Int(int index, int fallback) => Arguments.Length > index ? int.Parse(Arguments[index], CultureInfo.InvariantCulture) : fallback;

    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"central {(InProcess ? "in the benchmark process" : "in its own process")}{string.Concat(CentralEnvironment.Select(e => $" {e.Key}={e.Value}"))}, {(UseHttpClient ? "HttpClient" : "lean HTTP/1.1 client")} with {Connections} connections");

    private static string Value(string[] args, ref int i) =>
        ++i < args.Length ? args[i] : throw new ArgumentException($"{args[i - 1]} wants a value.");
}
