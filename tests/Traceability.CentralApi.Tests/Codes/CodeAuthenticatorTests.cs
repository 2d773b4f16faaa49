using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Options;
using Traceability.CentralApi.Codes;
using Traceability.Core.Authentication;
using Traceability.Core.Gs1;
using Traceability.Testing;

namespace Traceability.CentralApi.Tests.Codes;

public sealed class CodeAuthenticatorTests : IDisposable
{
    private const string Gtin = "09506000134352";
    private readonly CodeSigningKey _brandKey = CodeSigningKey.Create(CodeKeyId.Parse("B1"));
    private readonly TempDirectory _folder = new();
    private readonly CodeAuthenticator _authenticator;

    public CodeAuthenticatorTests()
    {
        var options = new CodeSigningOptions();
        options.VerificationKeys.Add(Entry(_brandKey));
        _authenticator = new CodeAuthenticator(Options.Create(options), Environment());
    }

    [Fact]
    public void A_signed_code_is_genuine_as_element_string_and_as_digital_link()
    {
        var signed = Sign(_brandKey, "(01)" + Gtin + "(10)LOT7(21)SN-0001");

        var bracketed = _authenticator.Check(signed.ToBracketed());
        var raw = _authenticator.Check("]d2" + signed.ToRaw());
        var link = _authenticator.Check(DigitalLink.Format(signed, "https://id.example.com"));

        foreach (var check in new[] { bracketed, raw, link })
        {
            Assert.Equal(CodeCheckStatus.Genuine, check.Status);
            Assert.True(check.IsGenuine);
            Assert.Equal(Gtin, check.Gtin);
            Assert.Equal("SN-0001", check.Serial);
            Assert.Null(check.Reason);
        }
    }

    [Fact]
    public void A_changed_serial_is_forged()
    {
        var signed = Sign(_brandKey, "(01)" + Gtin + "(21)SN-0001");
        var tampered = ElementString.Create(signed.Elements.Select(e => e.Ai == "21" ? new AiValue("21", "SN-0002") : e));

        var check = _authenticator.Check(tampered.ToBracketed());

        Assert.Equal(CodeCheckStatus.Forged, check.Status);
        Assert.Equal("SN-0002", check.Serial);
        Assert.Contains("does not verify", check.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_code_signed_by_an_untrusted_key_names_the_key()
    {
        using var other = CodeSigningKey.Create(CodeKeyId.Parse("X9"));

        var check = _authenticator.Check(Sign(other, "(01)" + Gtin + "(21)SN-0001").ToBracketed());

        Assert.Equal(CodeCheckStatus.UnknownKey, check.Status);
        Assert.Contains("'X9'", check.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("(01)09506000134352(21)SN-0001", CodeCheckStatus.NotSigned)]
    [InlineData("(00)095060001343528907", CodeCheckStatus.NotAUnit)]
    [InlineData("(01)09506000134352", CodeCheckStatus.NotAUnit)]
    [InlineData("hello world", CodeCheckStatus.Unreadable)]
    [InlineData("(01)09506000134353(21)SN", CodeCheckStatus.Unreadable)]
    [InlineData("", CodeCheckStatus.Unreadable)]
    [InlineData(null, CodeCheckStatus.Unreadable)]
    public void Other_codes_are_refused_with_a_reason(string? text, CodeCheckStatus expected)
    {
        var check = _authenticator.Check(text);

        Assert.Equal(expected, check.Status);
        Assert.False(check.IsGenuine);
        Assert.False(string.IsNullOrWhiteSpace(check.Reason));
    }

    [Fact]
    public void Keys_load_from_a_pem_file_relative_to_the_content_root()
    {
        using var publicKey = _brandKey.ToVerificationKey();
        File.WriteAllText(_folder.File("brand.pem"), publicKey.ExportSubjectPublicKeyInfoPem());
        var options = new CodeSigningOptions();
        options.VerificationKeys.Add(new VerificationKeyEntry { KeyId = "B1", PublicKeyFile = "brand.pem" });

        using var fromFile = new CodeAuthenticator(Options.Create(options), Environment());

        Assert.Equal([CodeKeyId.Parse("B1")], fromFile.KeyIds);
        Assert.True(fromFile.Check(Sign(_brandKey, "(01)" + Gtin + "(21)A1").ToBracketed()).IsGenuine);
    }

    [Fact]
    public void The_validator_names_each_bad_entry_by_its_index()
    {
        using var publicKey = _brandKey.ToVerificationKey();
        var pem = publicKey.ExportSubjectPublicKeyInfoPem();
        var options = new CodeSigningOptions();
        options.VerificationKeys.Add(new VerificationKeyEntry { KeyId = "B1", PublicKeyPem = pem });
        options.VerificationKeys.Add(new VerificationKeyEntry { KeyId = "toolong", PublicKeyPem = pem });
        options.VerificationKeys.Add(new VerificationKeyEntry { KeyId = "B1", PublicKeyPem = pem });
        options.VerificationKeys.Add(new VerificationKeyEntry { KeyId = "C1", PublicKeyPem = pem, PublicKeyFile = "x.pem" });
        options.VerificationKeys.Add(new VerificationKeyEntry { KeyId = "D1", PublicKeyFile = "missing.pem" });
        options.VerificationKeys.Add(new VerificationKeyEntry { KeyId = "E1", PublicKeyPem = "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----" });

        var result = new CodeSigningOptionsValidator(Environment()).Validate(null, options);

        Assert.True(result.Failed);
        var failures = result.Failures!.ToList();
        Assert.Equal(5, failures.Count);
        Assert.StartsWith("CodeSigning:VerificationKeys:1:KeyId 'toolong'", failures[0], StringComparison.Ordinal);
        Assert.Equal("CodeSigning:VerificationKeys:2:KeyId 'B1' is configured twice.", failures[1]);
        Assert.Equal("CodeSigning:VerificationKeys:3: set exactly one of PublicKeyPem and PublicKeyFile.", failures[2]);
        Assert.StartsWith("CodeSigning:VerificationKeys:4: PublicKeyFile '", failures[3], StringComparison.Ordinal);
        Assert.EndsWith("missing.pem' does not exist.", failures[3], StringComparison.Ordinal);
        Assert.StartsWith("CodeSigning:VerificationKeys:5: not a P-256 public key in PEM", failures[4], StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _authenticator.Dispose();
        _brandKey.Dispose();
        _folder.Dispose();
    }

    private static ElementString Sign(CodeSigningKey key, string bracketed) => new CodeSigner(key).Sign(ElementString.Parse(bracketed));

    private static VerificationKeyEntry Entry(CodeSigningKey key)
    {
        using var publicKey = key.ToVerificationKey();
        return new VerificationKeyEntry { KeyId = key.KeyId.Value, PublicKeyPem = publicKey.ExportSubjectPublicKeyInfoPem() };
    }

    private HostingEnvironment Environment() => new() { ContentRootPath = _folder.Path };
}
