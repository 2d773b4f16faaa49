using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Npgsql;
using Traceability.Benchmarks.Load;
using Traceability.CentralApi.Storage;
using Traceability.Core.Authentication;

namespace Traceability.Benchmarks;

/// <summary>
/// The open-loop driver the load programs share (activation-load, scan-load, tradein-load): central in its own process
/// (<see cref="CentralProcess"/>, the product's executable and hosting defaults) on a loopback port with a seeded
/// database, and requests sent open-loop by the lean HTTP/1.1 client (<see cref="LeanHttpLoad"/>): request k is due at
/// start + k / rate whatever the earlier ones are doing, and its latency runs from that due time, so a stall shows as
/// the queue behind it (no coordinated omission). Each run samples the CPU of this process (the client), of central's
/// process, of the PostgreSQL backends serving the benchmark database (from /proc: the server runs on this machine) and
/// the load average, and the whole machine's CPU (<see cref="MachineCpu"/>: how busy, how long work waited for a core).
/// <c>--in-process</c> and <c>--httpclient</c> bring back the harness of sessions 1–4 for A/B.
/// </summary>
internal static class OpenLoop
{
    /// <summary>Seconds of warm-up (not counted) at <see cref="WarmUpRate"/> before a measured run: a profile of a 5-second warm-up at the measured rate found a third of the process's CPU in the background JIT (tiering up) while measuring.</summary>
    public const int WarmUpSeconds = 20;

    /// <summary>The warm-up's requests per second (a rate every run sustains).</summary>
    public const int WarmUpRate = 400;

    /// <summary>How long an answer may take (HttpClient: per request; lean client: after the last request was sent).</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Central's configuration for a load run: the seeded database, the brand key's public half, a GeoIP CSV, HTTP/1.1 on
    /// loopback, the public rate limit out of the way, and <paramref name="settings"/>.
    /// </summary>
    public static Dictionary<string, string?> CentralSettings(
        StorageProvider provider, string connectionString, CodeSigningKey key, string geoIpCsv, IReadOnlyDictionary<string, string?>? settings = null)
    {
        using var publicKey = key.ToVerificationKey();
        var all = new Dictionary<string, string?>
        {
            ["Storage:Provider"] = provider.ToString(),
            ["Storage:ConnectionString"] = connectionString,
            ["Kestrel:Endpoints:Http:Protocols"] = "Http1",
            ["CodeSigning:VerificationKeys:0:KeyId"] = publicKey.KeyId.Value,
            ["CodeSigning:VerificationKeys:0:PublicKeyPem"] = publicKey.ExportSubjectPublicKeyInfoPem(),
            ["GeoIp:Database"] = geoIpCsv,
            ["RateLimiting:Public:PermitLimit"] = int.MaxValue.ToString(CultureInfo.InvariantCulture),
            ["RateLimiting:Public:Window"] = "00:00:01",
        };
        foreach (var (name, value) in settings ?? new Dictionary<string, string?>())
        {
            all[name] = value;
        }

        return all;
    }

    /// <summary>
    /// A load program's arguments: <c>NAME DATABASE [RATE] [SECONDS] …</c> (<see cref="LoadOptions"/>), applied to this
    /// process; the rate and seconds default to <paramref name="defaultRate"/> and 30.
    /// </summary>
    public static (LoadOptions Options, StorageProvider Provider, int Rate, int Seconds) Arguments(string[] args, int defaultRate)
    {
        var options = LoadOptions.Parse(args);
        options.ApplyToThisProcess();
        var provider = Enum.Parse<StorageProvider>(options.Arguments[1], ignoreCase: true);
        return (options, provider, options.Int(2, defaultRate), options.Int(3, 30));
    }

    /// <summary>The warm-up's rate and request count for a run at <paramref name="rate"/>; it comes first, so the measured requests start at the count.</summary>
    public static (int Rate, int Count) WarmUp(int rate)
    {
        var warmUpRate = Math.Min(rate, WarmUpRate);
        return (warmUpRate, warmUpRate * WarmUpSeconds);
    }

    /// <summary>
    /// A load program's run: starts central (<paramref name="settings"/>, its files in <paramref name="folder"/>), sends
    /// the warm-up (uncounted) and then <paramref name="rate"/> × <paramref name="seconds"/> measured requests, and prints
    /// the header (<paramref name="prepared"/>: what was prepared; <paramref name="centralNote"/>: said after central's
    /// description), the warm-up's summary and the run's line, named <paramref name="name"/>.
    /// </summary>
    public static async Task RunAsync(
        string name, LoadOptions options, StorageProvider provider, int rate, int seconds, Dictionary<string, string?> settings, string folder,
        string prepared, Func<int, LoadRequest> request, Classifier classify, int[] answered, string? centralNote = null)
    {
        var (warmUpRate, warmUp) = WarmUp(rate);
        await using var central = await ICentralHost.StartAsync(options, settings, folder);
        await using var client = Client(options, central);
        var note = centralNote is null ? "" : $" ({centralNote})";
        Console.WriteLine($"// {provider}: {prepared}; {central.Description}{note}; {options.Describe()}; load {LoadAverage()}");
        var warm = await DriveAsync(client, central, 0, warmUp, warmUpRate, request, classify, answered);
        Console.WriteLine($"warm-up: {warm.Summary()}");
        var measured = await DriveAsync(
            client, central, warmUp, rate * seconds, rate, request, classify, answered, provider == StorageProvider.Postgres ? ActivationSeed.PostgresConnection : null);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name} {provider} at {rate}/s for {seconds} s: {measured.Summary()}"));
    }

    /// <summary>The client <paramref name="options"/> ask for, aimed at <paramref name="central"/>.</summary>
    public static IOpenLoopClient Client(LoadOptions options, ICentralHost central) =>
        options.UseHttpClient
            ? new HttpClientLoad(central.Address, options.Connections)
            : new LeanHttpLoad(new IPEndPoint(IPAddress.Parse(central.Address.Host), central.Address.Port), options.Connections);

    /// <summary>
    /// Sends requests <paramref name="first"/> to <paramref name="first"/> + <paramref name="count"/> − 1 (built by
    /// <paramref name="request"/>) open-loop at <paramref name="rate"/> per second; <paramref name="classify"/> names each
    /// answer's outcome from its status and body (null: not tallied). <paramref name="postgres"/> (a connection string)
    /// turns on the PostgreSQL backends' CPU sampling.
    /// </summary>
    public static async Task<LoadRun> DriveAsync(
        IOpenLoopClient client, ICentralHost central, int first, int count, int rate, Func<int, LoadRequest> request, Classifier classify,
        int[] answered, string? postgres = null)
    {
        var results = new LoadResults(count);
        client.Prepare(results, k => request(first + k), classify);

        // The previous run's garbage (and the encoding's) collected now rather than while measuring.
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        var ticksPerRequest = (double)Stopwatch.Frequency / rate;
        var load = LoadAverage();
        var database = postgres is null ? 0 : PostgresCpuSeconds(postgres);
        var clientCpu = Process.GetCurrentProcess().TotalProcessorTime;
        var centralCpu = central.CpuTime();
        var machine = MachineCpu.Read();
        var start = Stopwatch.GetTimestamp();

        // One scheduling thread: sends every request that is due, then sleeps about a millisecond.
        var sent = await Task.Factory.StartNew(() =>
        {
            var next = 0;
            while (next < count)
            {
                var due = (long)((Stopwatch.GetTimestamp() - start) / ticksPerRequest) + 1;
                for (; next < count && next < due; next++)
                {
                    client.Send(next, start + (long)(next * ticksPerRequest));
                }

                Thread.Sleep(1);
            }

            return Stopwatch.GetElapsedTime(start);
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        await client.DrainAsync();
        var wall = Stopwatch.GetElapsedTime(start);
        var machineUse = MachineCpu.Read().Since(machine, wall);
        var clientUsed = Process.GetCurrentProcess().TotalProcessorTime - clientCpu;
        var centralUsed = central.CpuTime() - centralCpu;
        var databaseCpu = postgres is null ? 0 : PostgresCpuSeconds(postgres) - database;
        return new LoadRun(results, answered, sent, wall, clientUsed, centralUsed, databaseCpu, load, LoadAverage(), central.PeakMemory(), machineUse);
    }

    /// <summary>The 1-, 5- and 15-minute load averages.</summary>
    public static string LoadAverage() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));

    // CPU of the PostgreSQL backends serving the benchmark database (the server runs on this machine; /proc stat fields
    // 14 and 15 are user and system time in clock ticks, 100 per second).
    private static double PostgresCpuSeconds(string connectionString)
    {
        using var connection = new NpgsqlConnection(connectionString);
        connection.Open();
        using var command = new NpgsqlCommand("SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND backend_type = 'client backend' AND pid <> pg_backend_pid();", connection);
        using var reader = command.ExecuteReader();
        var ticks = 0L;
        while (reader.Read())
        {
            var stat = File.ReadAllText($"/proc/{reader.GetInt32(0)}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            ticks += long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        }

        return ticks / 100.0;
    }
}

/// <summary>One open-loop run: each request's latency (from its due time), status and outcome, and the CPU each party used.</summary>
internal sealed record LoadRun(
    LoadResults Results, int[] Answered, TimeSpan Sent, TimeSpan Wall, TimeSpan ClientCpu, TimeSpan? CentralCpu, double PostgresCpu,
    string LoadBefore, string LoadAfter, string? CentralPeakMemory, string Machine)
{
    public string Summary()
    {
        var sorted = Results.Latencies.Order().ToArray();
        double Ms(double q) => sorted[Math.Min(sorted.Length - 1, (int)(q * sorted.Length))] * 1000.0 / Stopwatch.Frequency;
        var ok = Results.Statuses.Count(s => Answered.Contains(s));
        var statuses = string.Join(", ", Results.Statuses.GroupBy(s => s).OrderBy(g => g.Key)
            .Select(g => string.Create(CultureInfo.InvariantCulture, $"{(g.Key switch { -1 => "connection", -2 => "timeout", _ => g.Key.ToString(CultureInfo.InvariantCulture) })}×{g.Count()}")));
        var outcomes = string.Join(", ", Results.Outcomes.Where(o => o is not null).GroupBy(o => o).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Key} {g.Count()} ({100.0 * g.Count() / Math.Max(1, ok):F1} %)")));
        var n = Results.Count;
        double PerRequest(double seconds) => seconds * 1e6 / n;
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture,
            $"{n} requests sent in {Sent.TotalSeconds:F2} s ({n / Sent.TotalSeconds:F0}/s offered), all answered in {Wall.TotalSeconds:F2} s ({ok / Wall.TotalSeconds:F0}/s answered {string.Join('/', Answered)}); ");
        text.Append(CultureInfo.InvariantCulture, $"latency ms p50 {Ms(0.50):F2}, p90 {Ms(0.90):F2}, p99 {Ms(0.99):F2}, p99.9 {Ms(0.999):F2}, max {Ms(1.0):F2}; ");
        text.Append(CultureInfo.InvariantCulture, $"statuses [{statuses}], outcomes [{(outcomes.Length == 0 ? "none" : outcomes)}]; CPU per request: ");
        if (CentralCpu is { } central)
        {
            text.Append(CultureInfo.InvariantCulture, $"client {PerRequest(ClientCpu.TotalSeconds):F0} µs ({ClientCpu.TotalSeconds:F1} s), central {PerRequest(central.TotalSeconds):F0} µs ({central.TotalSeconds:F1} s)");
        }
        else
        {
            text.Append(CultureInfo.InvariantCulture, $"client + central (one process) {PerRequest(ClientCpu.TotalSeconds):F0} µs ({ClientCpu.TotalSeconds:F1} s)");
        }

        if (PostgresCpu > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $", PostgreSQL backends {PerRequest(PostgresCpu):F0} µs ({PostgresCpu:F1} s)");
        }

        if (CentralPeakMemory is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $"; central peak RSS {CentralPeakMemory}");
        }

        text.Append(CultureInfo.InvariantCulture, $"; {Machine}; load average before {LoadBefore}, after {LoadAfter}");
        return text.ToString();
    }
}
