using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
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
/// then sends them open-loop with <see cref="OpenLoop"/> (no coordinated omission) after its uncounted warm-up.
/// </summary>
internal static class ActivationLoad
{
    private const double OutOfRegion = 0.03;
    private static readonly int[] Answered = [200];
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
        var warmUpRate = Math.Min(rate, OpenLoop.WarmUpRate);
        var warmUp = warmUpRate * OpenLoop.WarmUpSeconds;
        var bodies = Bodies(key, warmUp + rate * seconds);
        await using var app = await OpenLoop.StartCentralAsync(provider, ActivationSeed.ConnectionString(provider), folder, key, ActivationSeed.WriteGeoIpCsv(folder.Path));
        var address = OpenLoop.Address(app);
        using var client = OpenLoop.Client(address);
        HttpRequestMessage Request(int k) => new(HttpMethod.Post, "/api/activations")
        {
            Content = new ByteArrayContent(bodies[k]) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } },
        };
        static string? Classify(int status, byte[] body) => body.AsSpan().IndexOf(DiversionMarker) >= 0 ? "diversion" : null;

        Console.WriteLine($"// {provider}: {bodies.Length:N0} signed bodies; central at {address}; load {OpenLoop.LoadAverage()}");
        var warm = await OpenLoop.DriveAsync(client, 0, warmUp, warmUpRate, Request, Classify, Answered);
        Console.WriteLine($"warm-up: {warm.Summary()}");
        var measured = await OpenLoop.DriveAsync(
            client, warmUp, rate * seconds, rate, Request, Classify, Answered, provider == StorageProvider.Postgres ? ActivationSeed.PostgresConnection : null);
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
}
