using System.Globalization;
using System.Text.Json;
using Traceability.Benchmarks.Load;
using Traceability.CentralApi.Storage;
using Traceability.Core.Authentication;
using Traceability.Core.Gs1;
using Traceability.Testing;

namespace Traceability.Benchmarks;

/// <summary>
/// Issue 8's trade-in quote load: <c>dotnet run -c Release --project tests/Traceability.Benchmarks -- tradein-load Postgres 500 30</c>
/// (database, requests per second, measured seconds; switches in <see cref="LoadOptions"/>). Reuses the activation seed (<see cref="ActivationSeed"/>), adds the
/// product with its list price, empties the quotes and alerts, starts central (its own process) with a ServiceDesk key and
/// asks for quotes open-loop (<see cref="OpenLoop"/>): signed codes of random seeded serials, condition grades A–D at random.
/// </summary>
internal static class TradeInLoad
{
    private const string ServiceDeskKey = "bench-servicedesk-key-0123456789";
    private static readonly int[] Answered = [201];
    private static readonly string[] Grades = ["A", "B", "C", "D"];
    private static readonly KeyValuePair<string, string>[] Headers = [new("X-Api-Key", ServiceDeskKey), new("Content-Type", "application/json")];

    public static async Task RunAsync(string[] args)
    {
        var (options, provider, rate, seconds) = OpenLoop.Arguments(args, 500);
        await ActivationSeed.EnsureAsync(provider);

        await ActivationSeed.EnsureProductAsync(provider);
        await ActivationSeed.ResetTradeInAsync(provider);
        using var folder = new TempDirectory();
        using var key = CodeSigningKey.Create(CodeKeyId.Parse("B1"));
        var bodies = Bodies(key, OpenLoop.WarmUp(rate).Count + rate * seconds);
        var settings = OpenLoop.CentralSettings(
            provider, ActivationSeed.ConnectionString(provider), key, ActivationSeed.WriteGeoIpCsv(folder.Path),
            new Dictionary<string, string?> { ["Auth:ApiKeys:0:Key"] = ServiceDeskKey, ["Auth:ApiKeys:0:Role"] = "ServiceDesk" });
        LoadRequest Request(int k) => new("POST", "/api/tradein/quotes", Headers, bodies[k]);
        static string? Classify(int status, ReadOnlySpan<byte> body) => null;

        await OpenLoop.RunAsync(
            "tradein-load", options, provider, rate, seconds, settings, folder.Path, $"{bodies.Length:N0} quote requests", Request, Classify, Answered);
    }

    private static byte[][] Bodies(CodeSigningKey key, int count)
    {
        var signer = new CodeSigner(key);
        var bodies = new byte[count][];
        Parallel.For(0, count, () => new Random(Guid.NewGuid().GetHashCode()), (k, _, random) =>
        {
            var serial = HierarchySeed.Serial(random.NextInt64(HierarchySeed.Units));
            var code = signer.Sign(ElementString.Parse($"(01){HierarchySeed.Gtin}(21){serial}")).ToBracketed();
            bodies[k] = JsonSerializer.SerializeToUtf8Bytes(new { code, condition = Grades[random.Next(Grades.Length)] });
            return random;
        }, _ => { });
        return bodies;
    }
}
