using System.Globalization;
using Traceability.Benchmarks.Load;
using Traceability.CentralApi.Storage;
using Traceability.Core.Authentication;
using Traceability.Core.Gs1;
using Traceability.Testing;

namespace Traceability.Benchmarks;

/// <summary>
/// Issue 8's consumer-scan load: <c>dotnet run -c Release --project tests/Traceability.Benchmarks -- scan-load Postgres 5000 30</c>
/// (database, requests per second, measured seconds, and optionally PostgreSQL's <c>Maximum Pool Size</c>; switches in <see cref="LoadOptions"/>). Reuses the activation seed (<see cref="ActivationSeed"/>: 10 M
/// units, each shipped to a dealer), adds the product, empties the scan tables and alerts, starts central in its own process
/// and sends consumer scans open-loop (<see cref="OpenLoop"/>): GETs of signed Digital Links of random seeded serials with
/// <c>Accept: application/json</c> and an X-Forwarded-For in the unit's dealer's province (central trusts it, as behind
/// its proxy), <see cref="Unknown"/> of them for serials never issued, <see cref="Forged"/> with a signature of another
/// serial.
/// </summary>
internal static class ScanLoad
{
    private const double Unknown = 0.03;
    private const double Forged = 0.02;
    private static readonly int[] Answered = [200, 404];
    private static readonly (byte[] Marker, string Name)[] Verdicts =
    [
        ("\"verdict\":\"genuine\""u8.ToArray(), "genuine"),
        ("\"verdict\":\"suspicious\""u8.ToArray(), "suspicious"),
        ("\"verdict\":\"unknown\""u8.ToArray(), "unknown"),
    ];

    public static async Task RunAsync(string[] args)
    {
        var (options, provider, rate, seconds) = OpenLoop.Arguments(args, 5_000);
        var connectionString = ActivationSeed.ConnectionString(provider);
        if (options.Arguments.Length > 4)
        {
            connectionString = new Npgsql.NpgsqlConnectionStringBuilder(connectionString) { MaxPoolSize = options.Int(4, 0) }.ToString();
        }

        await ActivationSeed.EnsureAsync(provider);

        await ActivationSeed.EnsureProductAsync(provider);
        await ActivationSeed.ResetScansAsync(provider);
        using var folder = new TempDirectory();
        using var key = CodeSigningKey.Create(CodeKeyId.Parse("B1"));
        var scans = Scans(key, OpenLoop.WarmUp(rate).Count + rate * seconds);
        var settings = OpenLoop.CentralSettings(
            provider, connectionString, key, ActivationSeed.WriteGeoIpCsv(folder.Path),
            new Dictionary<string, string?> { ["ConsumerScan:TrustForwardedFor"] = "true" });
        LoadRequest Request(int k) => new("GET", scans[k].Link, [new("Accept", "application/json"), new("X-Forwarded-For", scans[k].Ip)]);

        await OpenLoop.RunAsync(
            "scan-load", options, provider, rate, seconds, settings, folder.Path, $"{scans.Length:N0} signed links", Request, Classify, Answered, connectionString);
    }

    private static string? Classify(int status, ReadOnlySpan<byte> body)
    {
        foreach (var (marker, name) in Verdicts)
        {
            if (body.IndexOf(marker) >= 0)
            {
                return name;
            }
        }

        return null;
    }

    private static (string Link, string Ip)[] Scans(CodeSigningKey key, int count)
    {
        var signer = new CodeSigner(key);
        var scans = new (string, string)[count];
        Parallel.For(0, count, () => new Random(Guid.NewGuid().GetHashCode()), (k, _, random) =>
        {
            var draw = random.NextDouble();

            // Serial numbers from Units on were never seeded (the serial scramble is a bijection).
            var serial = HierarchySeed.Serial(draw < Unknown ? HierarchySeed.Units + random.NextInt64(HierarchySeed.Units) : random.NextInt64(HierarchySeed.Units));
            var network = ActivationSeed.Dealers[ActivationSeed.DealerOf(serial)].Network;
            var ip = string.Create(CultureInfo.InvariantCulture, $"{network[..network.IndexOf('.', network.IndexOf('.') + 1)]}.{random.Next(256)}.{random.Next(1, 255)}");
            var link = new Uri(DigitalLink.Format(signer.Sign(ElementString.Parse($"(01){HierarchySeed.Gtin}(21){serial}")), "https://id.example.com")).PathAndQuery;
            if (draw >= Unknown && draw < Unknown + Forged)
            {
                // Another seeded serial under this one's signature: a copied label with its serial altered.
                link = link.Replace($"/21/{serial}", $"/21/{HierarchySeed.Serial(random.NextInt64(HierarchySeed.Units))}", StringComparison.Ordinal);
            }

            scans[k] = (link, ip);
            return random;
        }, _ => { });
        return scans;
    }
}
