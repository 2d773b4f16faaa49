using BenchmarkDotNet.Attributes;
using Traceability.Core.Authentication;
using Traceability.Core.Gs1;

namespace Traceability.Benchmarks;

/// <summary>What a consumer scan pays to check a code offline: parse + DigSig verify; and what the line pays to sign a unit.</summary>
[MemoryDiagnoser]
public class CodeAuthenticationBenchmarks : IDisposable
{
    private readonly CodeSigningKey _key = CodeSigningKey.Create(CodeKeyId.Parse("k1"));
    private readonly KeyRing _ring = new();
    private readonly CodeSigner _signer;
    private readonly CodeVerifier _verifier;
    private readonly ElementString _unit = ElementString.Parse("(01)09506000134352(17)271231(10)LOT-2026-11(21)Q7XK2M9PZR4T");
    private readonly string _scannedUri;

    public CodeAuthenticationBenchmarks()
    {
        _ring.Add(_key.ToVerificationKey());
        _signer = new CodeSigner(_key);
        _verifier = new CodeVerifier(_ring);
        _scannedUri = DigitalLink.Format(_signer.Sign(_unit), "id.example.com");
    }

    [Benchmark]
    public ElementString SignUnitCode() => _signer.Sign(_unit);

    [Benchmark]
    public VerificationResult ParseAndVerifyScannedDigitalLink() => _verifier.Verify(ScannedCode.Parse(_scannedUri));

    public void Dispose()
    {
        _ring.Dispose();
        _key.Dispose();
        GC.SuppressFinalize(this);
    }
}
