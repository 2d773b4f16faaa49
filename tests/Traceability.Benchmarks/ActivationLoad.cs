using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
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
using Traceability.Core.Gs1;
using Traceability.Testing;

namespace Traceability.Benchmarks;

/// <summary>
/// Issue 7's activation load: <c>dotnet run -c Release --project tests/Traceability.Benchmarks -- activation-load Postgres 5000 30</c>
/// (database, requests per second, measured seconds). Seeds the database if need be (<see cref="ActivationSeed"/>), empties
/// its activations and alerts, starts central in this process on a loopback Kestrel port (HTTP/1.1) with the seeded
/// database, a fresh brand key's public half, a GeoIP CSV and the public rate limit out of the way, signs one request body
/// per request for random seeded serials (most activated in their dealer's province, <see cref="OutOfRegion"/> elsewhere),
/// then sends them open-loop: request k is due at start + k / rate whatever the earlier ones are doing, and its latency
/// runs from that due time, so a stall shows as the queue behind it (no coordinated omission). A warm-up of
/// <see cref="WarmUpSeconds"/> at a rate every run sustains comes first and is not counted: a profile of a 5-second
/// warm-up at the measured rate found a third of the process's CPU in the background JIT (tiering up) while measuring.
/// </summary>
internal static class ActivationLoad
{
    private const double OutOfRegion = 0.03;
    private const int WarmUpSeconds = 20;
    private const int WarmUpRate = 400;
    private const int Connections = 256;
    private static readonly byte[] DiversionMarker = "\"diversion\":true"u8.ToArray();

    public static async Task RunAsync(string[] args)
    {
        var provider = Enum.Parse<StorageProvider>(args[1], ignoreCase: true);
        var rate = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 5_000;
        var seconds = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 30;
        if (provider == StorageProvider.Postgres)
        {
            await ActivationSeed.EnsurePostgresAsync();
        }
        else
        {
            await ActivationSeed.EnsureSqliteAsync();
        }

        await ActivationSeed.ResetAsync(provider);
        using var folder = new TempDirectory();
        using var key = CodeSigningKey.Create(CodeKeyId.Parse("B1"));
        var warmUp = Math.Min(rate, WarmUpRate) * WarmUpSeconds;
        var bodies = Bodies(key, warmUp + rate * seconds);
        await using var app = await StartCentralAsync(provider, folder, key);
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
        using var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = Connections,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
        };
        using var client = new HttpClient(handler, disposeHandler: false) { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };

        Console.WriteLine($"// {provider}: {bodies.Length:N0} signed bodies; central at {address}; load {LoadAverage()}");
        var warm = await DriveAsync(client, bodies.AsMemory(0, warmUp), Math.Min(rate, WarmUpRate));
        Console.WriteLine($"warm-up: {warm.Summary()}");
        var measured = await DriveAsync(client, bodies.AsMemory(warmUp), rate, sampleDatabase: provider == StorageProvider.Postgres);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"activation-load {provider} at {rate}/s for {seconds} s: {measured.Summary()}"));
        await app.StopAsync();
    }

    private static byte[][] Bodies(CodeSigningKey key, int count)
    {
        var signer = new CodeSigner(key);
        var activatedAt = DateTimeOffset.UtcNow.AddHours(-1).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var bodies = new byte[count][];
        Parallel.For(0, count, () => new Random(Guid.NewGuid().GetHashCode()), (k, _, random) =>
        {
            var serial = HierarchySeed.Serial(random.NextInt64(HierarchySeed.Units));
            var dealer = ActivationSeed.DealerOf(serial);
            if (random.NextDouble() < OutOfRegion)
            {
                dealer = (dealer + 1 + random.Next(ActivationSeed.Dealers.Length - 1)) % ActivationSeed.Dealers.Length;
            }

            var network = ActivationSeed.Dealers[dealer].Network;
            var ip = string.Create(CultureInfo.InvariantCulture, $"{network[..network.IndexOf('.', network.IndexOf('.') + 1)]}.{random.Next(256)}.{random.Next(1, 255)}");
            var code = signer.Sign(ElementString.Parse($"(01){HierarchySeed.Gtin}(21){serial}")).ToBracketed();
            bodies[k] = JsonSerializer.SerializeToUtf8Bytes(new
            {
                code,
                accountId = string.Create(CultureInfo.InvariantCulture, $"acct-{random.Next(1_000_000)}"),
                ip,
                activatedAt,
            });
            return random;
        }, _ => { });
        return bodies;
    }

    private static async Task<WebApplication> StartCentralAsync(StorageProvider provider, TempDirectory folder, CodeSigningKey key)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = folder.Path, EnvironmentName = "Production" });
        using var publicKey = key.ToVerificationKey();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Provider"] = provider.ToString(),
            ["Storage:ConnectionString"] = provider == StorageProvider.Postgres ? ActivationSeed.PostgresConnection : ActivationSeed.SqliteConnection,
            ["Kestrel:Endpoints:Http:Url"] = "http://127.0.0.1:0",
            ["Kestrel:Endpoints:Http:Protocols"] = "Http1",
            ["CodeSigning:VerificationKeys:0:KeyId"] = publicKey.KeyId.Value,
            ["CodeSigning:VerificationKeys:0:PublicKeyPem"] = publicKey.ExportSubjectPublicKeyInfoPem(),
            ["GeoIp:Database"] = ActivationSeed.WriteGeoIpCsv(folder.Path),
            ["RateLimiting:Public:PermitLimit"] = int.MaxValue.ToString(CultureInfo.InvariantCulture),
            ["RateLimiting:Public:Window"] = "00:00:01",
        });
        builder.Logging.ClearProviders();
        builder.AddCentralApi();
        var app = builder.Build();
        app.MapCentralApi();
        await app.StartAsync();
        return app;
    }

    private static async Task<Run> DriveAsync(HttpClient client, Memory<byte[]> bodies, int rate, bool sampleDatabase = false)
    {
        var count = bodies.Length;
        var latencies = new long[count];
        var statuses = new int[count];
        var diversions = 0;
        var pending = new Task[count];
        var ticksPerRequest = (double)Stopwatch.Frequency / rate;
        var load = LoadAverage();
        var postgres = sampleDatabase ? PostgresCpuSeconds() : 0;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var start = Stopwatch.GetTimestamp();

        async Task SendAsync(int k, long due)
        {
            try
            {
                using var content = new ByteArrayContent(bodies.Span[k]);
                content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                using var response = await client.PostAsync(new Uri("/api/activations", UriKind.Relative), content);
                var body = await response.Content.ReadAsByteArrayAsync();
                statuses[k] = (int)response.StatusCode;
                if (body.AsSpan().IndexOf(DiversionMarker) >= 0)
                {
                    Interlocked.Increment(ref diversions);
                }
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
        var database = sampleDatabase ? PostgresCpuSeconds() - postgres : 0;
        return new Run(latencies, statuses, diversions, sent, wall, process, database, load, LoadAverage());
    }

    private static string LoadAverage() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));

    // CPU of the PostgreSQL backends serving the benchmark database (the server runs on this machine; /proc stat fields
    // 14 and 15 are user and system time in clock ticks, 100 per second).
    private static double PostgresCpuSeconds()
    {
        using var connection = new NpgsqlConnection(ActivationSeed.PostgresConnection);
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

    private sealed record Run(
        long[] Latencies, int[] Statuses, int Diversions, TimeSpan Sent, TimeSpan Wall, TimeSpan ProcessCpu, double PostgresCpu,
        string LoadBefore, string LoadAfter)
    {
        public string Summary()
        {
            var sorted = Latencies.Order().ToArray();
            double Ms(double q) => sorted[Math.Min(sorted.Length - 1, (int)(q * sorted.Length))] * 1000.0 / Stopwatch.Frequency;
            var ok = Statuses.Count(s => s == 200);
            var errors = string.Join(", ", Statuses.Where(s => s != 200).GroupBy(s => s).OrderBy(g => g.Key)
                .Select(g => string.Create(CultureInfo.InvariantCulture, $"{(g.Key switch { -1 => "connection", -2 => "timeout", _ => g.Key.ToString(CultureInfo.InvariantCulture) })}×{g.Count()}")));
            var n = Latencies.Length;
            var text = new StringBuilder();
            text.Append(CultureInfo.InvariantCulture,
                $"{n} requests sent in {Sent.TotalSeconds:F2} s ({n / Sent.TotalSeconds:F0}/s offered), all answered in {Wall.TotalSeconds:F2} s ({ok / Wall.TotalSeconds:F0}/s answered 200); ");
            text.Append(CultureInfo.InvariantCulture, $"latency ms p50 {Ms(0.50):F2}, p90 {Ms(0.90):F2}, p99 {Ms(0.99):F2}, p99.9 {Ms(0.999):F2}, max {Ms(1.0):F2}; ");
            text.Append(CultureInfo.InvariantCulture, $"200 ×{ok}, errors [{(errors.Length == 0 ? "none" : errors)}], diversions {Diversions} ({100.0 * Diversions / Math.Max(1, ok):F1} %); ");
            text.Append(CultureInfo.InvariantCulture, $"process CPU {ProcessCpu.TotalSeconds:F1} s ({ProcessCpu.TotalMilliseconds * 1000 / n:F0} µs/request)");
            if (PostgresCpu > 0)
            {
                text.Append(CultureInfo.InvariantCulture, $", PostgreSQL backends CPU {PostgresCpu:F1} s ({PostgresCpu * 1e6 / n:F0} µs/request)");
            }

            text.Append(CultureInfo.InvariantCulture, $"; load average before {LoadBefore}, after {LoadAfter}");
            return text.ToString();
        }
    }
}
