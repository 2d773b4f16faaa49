using Traceability.Core.Authentication;

namespace Traceability.Core.Tests.Authentication;

// The ECDsa inside throws ObjectDisposedException of its own after disposal; these pin that the key's guard throws first,
// naming the code key the caller used (the message names the object that was disposed).
public sealed class CodeKeyDisposalTests
{
    public static TheoryData<string, Action<CodeSigningKey>> SigningKeyUses => new()
    {
        { "export DER", key => key.ExportPkcs8() },
        { "export PEM", key => key.ExportPkcs8Pem() },
        { "derive the public key", key => key.ToVerificationKey().Dispose() },
        { "sign", key => new CodeSigner(key).Sign("(01)09506000134352(21)SN0001") },
    };

    public static TheoryData<string, Action<CodeVerificationKey>> VerificationKeyUses => new()
    {
        { "export DER", key => key.ExportSubjectPublicKeyInfo() },
        { "export PEM", key => key.ExportSubjectPublicKeyInfoPem() },
        {
            "add to a key ring", key =>
            {
                using var ring = new KeyRing();
                ring.Add(key);
            }
        },
    };

    [Theory]
    [MemberData(nameof(SigningKeyUses))]
    public void A_disposed_signing_key_refuses_every_use(string use, Action<CodeSigningKey> act)
    {
        var key = CodeSigningKey.Create(CodeKeyId.Parse("D1"));
        key.Dispose();
        key.Dispose();
        var error = Assert.Throws<ObjectDisposedException>(() => act(key));
        Assert.True(error.ObjectName == typeof(CodeSigningKey).FullName, $"{use}: {error.ObjectName}");
        Assert.Equal("D1", key.KeyId.Value);
    }

    [Theory]
    [MemberData(nameof(VerificationKeyUses))]
    public void A_disposed_verification_key_refuses_every_use(string use, Action<CodeVerificationKey> act)
    {
        using var signing = CodeSigningKey.Create(CodeKeyId.Parse("D2"));
        var key = signing.ToVerificationKey();
        key.Dispose();
        key.Dispose();
        var error = Assert.Throws<ObjectDisposedException>(() => act(key));
        Assert.True(error.ObjectName == typeof(CodeVerificationKey).FullName, $"{use}: {error.ObjectName}");
    }
}
