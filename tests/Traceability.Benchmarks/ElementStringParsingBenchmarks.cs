using BenchmarkDotNet.Attributes;
using Traceability.Core.Gs1;

namespace Traceability.Benchmarks;

/// <summary>Target (issue 2): parsing a five-AI element string takes under 1 µs.</summary>
[MemoryDiagnoser]
public class ElementStringParsingBenchmarks
{
    // (01) GTIN, (17) expiry, (10) lot, (21) serial, (240) additional id: what a unit's DataMatrix carries.
    private const string FiveAiRaw = "]d2010950600013435217271231" + "10LOT-2026-11\x1D" + "21Q7XK2M9PZR4T\x1D" + "240WATCH-S9";
    private const string FiveAiBracketed = "(01)09506000134352(17)271231(10)LOT-2026-11(21)Q7XK2M9PZR4T(240)WATCH-S9";
    private const string DigitalLinkUri = "https://id.example.com/01/09506000134352/10/LOT-2026-11/21/Q7XK2M9PZR4T?17=271231&240=WATCH-S9";

    private readonly ElementString _parsed = ElementString.Parse(FiveAiBracketed);

    [Benchmark(Baseline = true)]
    public ElementString ParseRawFiveAis() => ElementString.Parse(FiveAiRaw);

    [Benchmark]
    public ElementString ParseBracketedFiveAis() => ElementString.Parse(FiveAiBracketed);

    [Benchmark]
    public DigitalLink ParseDigitalLink() => DigitalLink.Parse(DigitalLinkUri);

    [Benchmark]
    public string FormatDigitalLink() => DigitalLink.Format(_parsed, "id.example.com");

    [Benchmark]
    public string FormatRaw() => _parsed.ToRaw();
}
