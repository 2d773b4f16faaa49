using System.Globalization;
using System.Text.Json;
using Traceability.Benchmarks.Load;
using Traceability.CentralApi.Storage;
using Traceability.Core.Authentication;
using Traceability.Core.Gs1;
using Traceability.Testing;

namespace Traceability.Benchmarks;

/// <summary>
/// Issue 7's activation load: <c>dotnet run -c Release --project tests/Traceability.Benchmarks -- activation-load Postgres 5000 30</c>
/// (database, requests per second, measured seconds; switches in <see cref="LoadOptions"/>). Seeds the database if need be (<see cref="ActivationSeed"/>), empties
/// its activations and alerts, starts central in its own process on a loopback port (HTTP/1.1) with the seeded
/// database, a fresh brand key's public half, a GeoIP CSV and the public rate limit out of the way, signs one request body
/// per request for random seeded serials (most activated in their dealer's province, <see cref="OutOfRegion"/> elsewhere),
/// then sends them open-loop with <see cref="OpenLoop"/> (no coordinated omission) after its uncounted warm-up.
/// </summary>
internal static class ActivationLoad
{
    private const double OutOfRegion = 0.03;
    private static readonly int[] Answered = [200];
    private static readonly byte[] DiversionMarker = "\"diversion\":true"u8.ToArray();
    private static readonly KeyValuePair<string, string>[] Headers = [new("Content-Type", "application/json")];

    public static async Task RunAsync(string[] args)
    {
        var (options, provider, rate, seconds) = OpenLoop.Arguments(args, 5_000);
        await ActivationSeed.EnsureAsync(provider);

        await ActivationSeed.ResetAsync(provider);
        using var folder = new TempDirectory();
        using var key = CodeSigningKey.Create(CodeKeyId.Parse("B1"));
        var bodies = Bodies(key, OpenLoop.WarmUp(rate).Count + rate * seconds);
        var settings = OpenLoop.CentralSettings(provider, ActivationSeed.ConnectionString(provider), key, ActivationSeed.WriteGeoIpCsv(folder.Path));
        LoadRequest Request(int k) => new("POST", "/api/activations", Headers, bodies[k]);
        static string? Classify(int status, ReadOnlySpan<byte> body) => body.IndexOf(DiversionMarker) >= 0 ? "diversion" : null;

        await OpenLoop.RunAsync(
            "activation-load", options, provider, rate, seconds, settings, folder.Path, $"{bodies.Length:N0} signed bodies", Request, Classify, Answered);
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
