using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using Traceability.CentralApi;
using Traceability.CentralApi.Storage;
using Traceability.Core.Authentication;
using Traceability.Testing;

namespace Traceability.Benchmarks;

/// <summary>
/// The open-loop HTTP driver the load programs share (activation-load, scan-load, tradein-load): central in this process
/// on a loopback Kestrel port with a seeded database, and requests sent open-loop: request k is due at start + k / rate
/// whatever the earlier ones are doing, and its latency runs from that due time, so a stall shows as the queue behind it
/// (no coordinated omission). Each run samples this process's CPU, the CPU of the PostgreSQL backends serving the
/// benchmark database (from /proc: the server runs on this machine) and the load average.
/// </summary>
internal static class OpenLoop
{
    /// <summary>Seconds of warm-up (not counted) at <see cref="WarmUpRate"/> before a measured run: a profile of a 5-second warm-up at the measured rate found a third of the process's CPU in the background JIT (tiering up) while measuring.</summary>
    public const int WarmUpSeconds = 20;

    /// <summary>The warm-up's requests per second (a rate every run sustains).</summary>
    public const int WarmUpRate = 400;

    private const int Connections = 256;

    /// <summary>Starts central on <c>http://127.0.0.1:0</c> (HTTP/1.1) with the seeded database, the brand key's public half, a GeoIP CSV, the public rate limit out of the way and <paramref name="settings"/>.</summary>
    public static async Task<WebApplication> StartCentralAsync(
        StorageProvider provider, string connectionString, TempDirectory folder, CodeSigningKey key, string geoIpCsv, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = folder.Path, EnvironmentName = "Production" });
        using var publicKey = key.ToVerificationKey();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Provider"] = provider.ToString(),
            ["Storage:ConnectionString"] = connectionString,
            ["Kestrel:Endpoints:Http:Url"] = "http://127.0.0.1:0",
            ["Kestrel:Endpoints:Http:Protocols"] = "Http1",
            ["CodeSigning:VerificationKeys:0:KeyId"] = publicKey.KeyId.Value,
            ["CodeSigning:VerificationKeys:0:PublicKeyPem"] = publicKey.ExportSubjectPublicKeyInfoPem(),
            ["GeoIp:Database"] = geoIpCsv,
            ["RateLimiting:Public:PermitLimit"] = int.MaxValue.ToString(CultureInfo.InvariantCulture),
            ["RateLimiting:Public:Window"] = "00:00:01",
        });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        builder.Logging.ClearProviders();
        builder.AddCentralApi();
        var app = builder.Build();
        app.MapCentralApi();
        await app.StartAsync();
        return app;
    }

    /// <summary>The address central listens on.</summary>
    public static Uri Address(WebApplication app) =>
        new(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());

    /// <summary>A client with enough pooled connections that the driver, not the pool, decides when requests go.</summary>
    public static HttpClient Client(Uri address)
    {
        // The client owns the handler (disposeHandler: true); the analyzer does not see the ownership pass.
#pragma warning disable CA2000
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = Connections,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
        };
#pragma warning restore CA2000
        return new HttpClient(handler, disposeHandler: true) { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>
    /// Sends requests <paramref name="first"/> to <paramref name="first"/> + <paramref name="count"/> − 1 (built by
    /// <paramref name="request"/>) open-loop at <paramref name="rate"/> per second; <paramref name="classify"/> names each
    /// answer's outcome from its status and body (null: not tallied). <paramref name="postgres"/> (a connection string)
    /// turns on the PostgreSQL backends' CPU sampling.
    /// </summary>
    public static async Task<LoadRun> DriveAsync(
        HttpClient client, int first, int count, int rate, Func<int, HttpRequestMessage> request, Func<int, byte[], string?> classify,
        int[] answered, string? postgres = null)
    {
        var latencies = new long[count];
        var statuses = new int[count];
        var outcomes = new string?[count];
        var pending = new Task[count];
        var ticksPerRequest = (double)Stopwatch.Frequency / rate;
        var load = LoadAverage();
        var database = postgres is null ? 0 : PostgresCpuSeconds(postgres);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var start = Stopwatch.GetTimestamp();

        async Task SendAsync(int k, long due)
        {
            try
            {
                using var message = request(first + k);
                using var response = await client.SendAsync(message);
                var body = await response.Content.ReadAsByteArrayAsync();
                statuses[k] = (int)response.StatusCode;
                outcomes[k] = classify(statuses[k], body);
            }
            catch (HttpRequestException)
            {
                statuses[k] = -1;
            }
            catch (TaskCanceledException)
            {
                statuses[k] = -2;
            }

            latencies[k] = Stopwatch.GetTimestamp() - due;
        }

        // One scheduling thread: sends every request that is due, then sleeps about a millisecond.
        var next = 0;
        while (next < count)
        {
            var due = (long)((Stopwatch.GetTimestamp() - start) / ticksPerRequest) + 1;
            for (; next < count && next < due; next++)
            {
                pending[next] = SendAsync(next, start + (long)(next * ticksPerRequest));
            }

            Thread.Sleep(1);
        }

        var sent = Stopwatch.GetElapsedTime(start);
        await Task.WhenAll(pending);
        var wall = Stopwatch.GetElapsedTime(start);
        var process = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        var databaseCpu = postgres is null ? 0 : PostgresCpuSeconds(postgres) - database;
        return new LoadRun(latencies, statuses, outcomes, answered, sent, wall, process, databaseCpu, load, LoadAverage());
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

/// <summary>One open-loop run: each request's latency (from its due time, in Stopwatch ticks), status and outcome.</summary>
internal sealed record LoadRun(
    long[] Latencies, int[] Statuses, string?[] Outcomes, int[] Answered, TimeSpan Sent, TimeSpan Wall, TimeSpan ProcessCpu, double PostgresCpu,
    string LoadBefore, string LoadAfter)
{
    public string Summary()
    {
        var sorted = Latencies.Order().ToArray();
        double Ms(double q) => sorted[Math.Min(sorted.Length - 1, (int)(q * sorted.Length))] * 1000.0 / Stopwatch.Frequency;
        var ok = Statuses.Count(s => Answered.Contains(s));
        var statuses = string.Join(", ", Statuses.GroupBy(s => s).OrderBy(g => g.Key)
            .Select(g => string.Create(CultureInfo.InvariantCulture, $"{(g.Key switch { -1 => "connection", -2 => "timeout", _ => g.Key.ToString(CultureInfo.InvariantCulture) })}×{g.Count()}")));
        var outcomes = string.Join(", ", Outcomes.Where(o => o is not null).GroupBy(o => o).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Key} {g.Count()} ({100.0 * g.Count() / Math.Max(1, ok):F1} %)")));
        var n = Latencies.Length;
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture,
            $"{n} requests sent in {Sent.TotalSeconds:F2} s ({n / Sent.TotalSeconds:F0}/s offered), all answered in {Wall.TotalSeconds:F2} s ({ok / Wall.TotalSeconds:F0}/s answered {string.Join('/', Answered)}); ");
        text.Append(CultureInfo.InvariantCulture, $"latency ms p50 {Ms(0.50):F2}, p90 {Ms(0.90):F2}, p99 {Ms(0.99):F2}, p99.9 {Ms(0.999):F2}, max {Ms(1.0):F2}; ");
        text.Append(CultureInfo.InvariantCulture, $"statuses [{statuses}], outcomes [{(outcomes.Length == 0 ? "none" : outcomes)}]; ");
        text.Append(CultureInfo.InvariantCulture, $"process CPU {ProcessCpu.TotalSeconds:F1} s ({ProcessCpu.TotalMilliseconds * 1000 / n:F0} µs/request)");
        if (PostgresCpu > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $", PostgreSQL backends CPU {PostgresCpu:F1} s ({PostgresCpu * 1e6 / n:F0} µs/request)");
        }

        text.Append(CultureInfo.InvariantCulture, $"; load average before {LoadBefore}, after {LoadAfter}");
        return text.ToString();
    }
}
