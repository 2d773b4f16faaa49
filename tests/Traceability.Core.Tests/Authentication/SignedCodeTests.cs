using Traceability.Core.Authentication;
using Traceability.Core.Gs1;

namespace Traceability.Core.Tests.Authentication;

public sealed class SignedCodeTests : IDisposable
{
    private readonly CodeSigningKey _key = CodeSigningKey.Create(CodeKeyId.Parse("k1"));
    private readonly KeyRing _ring = new();

    public SignedCodeTests() => _ring.Add(_key.ToVerificationKey());

    public void Dispose()
    {
        _ring.Dispose();
        _key.Dispose();
    }

    [Fact]
    public void A_signed_unit_code_verifies_after_travelling_as_a_digital_link()
    {
        var code = new CodeSigner(_key).Sign(ElementString.Parse("(01)09506000134352(17)271231(10)LOT1(21)SN0001"));
        var uri = DigitalLink.Format(code, "id.example.com");
        Assert.True(uri.Length < 200, uri);

        var scanned = ScannedCode.Parse(uri);
        Assert.NotEqual(code.Elements, scanned.Elements); // the Digital Link put (10) and (21) before (17)
        Assert.Equal(VerificationStatus.Valid, new CodeVerifier(_ring).Verify(scanned).Status);
    }

    [Fact]
    public void A_signed_code_verifies_from_its_raw_datamatrix_form()
    {
        var code = new CodeSigner(_key).Sign(ElementString.Parse(@"(01)09506000134352(21)A\(B"));
        Assert.True(new CodeVerifier(_ring).Verify(ScannedCode.Parse("]d2" + code.ToRaw())).IsValid);
    }

    [Fact]
    public void A_copied_signature_on_another_serial_is_a_mismatch()
    {
        var code = new CodeSigner(_key).Sign(ElementString.Parse("(01)09506000134352(21)SN0001"));
        var forged = ElementString.Create([new("01", "09506000134352"), new("21", "SN0002"), new("8030", code["8030"]!)]);
        Assert.Equal(VerificationStatus.SignatureMismatch, new CodeVerifier(_ring).Verify(forged).Status);
    }

    [Fact]
    public void A_mistyped_gtin_is_refused_before_any_signature_work()
    {
        Assert.False(ScannedCode.TryParse("https://id.example.com/01/09506000134353/21/SN0001?8030=1k1AAAA", out _, out var error));
        Assert.Equal(Gs1ErrorKind.CheckDigit, error.Kind);
    }

    [Fact]
    public void An_unsigned_code_says_so()
    {
        Assert.Equal(VerificationStatus.NotSigned, new CodeVerifier(_ring).Verify(ElementString.Parse("(01)09506000134352(21)X")).Status);
    }

    [Fact]
    public void Signing_twice_replaces_the_signature()
    {
        var signer = new CodeSigner(_key);
        var once = signer.Sign(ElementString.Parse("(01)09506000134352(21)X"));
        var twice = signer.Sign(once);
        Assert.Single(twice.Elements, e => e.Ai == "8030");
        Assert.True(new CodeVerifier(_ring).Verify(twice).IsValid);
    }

    [Fact]
    public void Canonical_text_is_sorted_by_ai_and_leaves_out_the_digsig()
    {
        var code = ElementString.Parse("(01)09506000134352(21)S1(17)271231(10)L1(8030)1kAAA");
        Assert.Equal("(01)09506000134352(10)L1(17)271231(21)S1", SignedCodes.CanonicalText(code));
    }
}
