using System.Security.Cryptography;

namespace Traceability.Core.Authentication;

/// <summary>
/// A brand's private code-signing key (ECDSA P-256) with its <see cref="CodeKeyId"/>. Owns its <see cref="ECDsa"/>:
/// dispose it when done. Import and export use PKCS#8 (DER or PEM); storing the key is the caller's business.
/// </summary>
public sealed class CodeSigningKey : CodeKey
{
    private CodeSigningKey(CodeKeyId keyId, ECDsa key)
        : base(keyId, key)
    {
    }

    /// <summary>Generates a new random P-256 key.</summary>
    public static CodeSigningKey Create(CodeKeyId keyId)
    {
        P256.RequireKeyId(keyId, nameof(keyId));
        return new CodeSigningKey(keyId, ECDsa.Create(ECCurve.NamedCurves.nistP256));
    }

    /// <summary>Imports an unencrypted PKCS#8 private key (DER).</summary>
    /// <exception cref="CryptographicException">Not a PKCS#8 EC private key, or not on P-256.</exception>
    public static CodeSigningKey ImportPkcs8(CodeKeyId keyId, ReadOnlySpan<byte> pkcs8)
    {
        P256.RequireKeyId(keyId, nameof(keyId));
        var key = P256.ImportDer(
            pkcs8,
            static (ECDsa ecdsa, ReadOnlySpan<byte> der, out int read) => ecdsa.ImportPkcs8PrivateKey(der, out read),
            $"Signing key {keyId}",
            "PKCS#8");
        return new CodeSigningKey(keyId, key);
    }

    /// <summary>Imports an unencrypted PKCS#8 private key in PEM ("-----BEGIN PRIVATE KEY-----").</summary>
    /// <exception cref="ArgumentException">No PEM private key found.</exception>
    /// <exception cref="CryptographicException">Not an EC private key, or not on P-256.</exception>
    public static CodeSigningKey ImportPkcs8Pem(CodeKeyId keyId, string pem)
    {
        ArgumentNullException.ThrowIfNull(pem);
        P256.RequireKeyId(keyId, nameof(keyId));
        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(pem);
            P256.RequireCurve(key, $"Signing key {keyId}");
            if (key.ExportParameters(includePrivateParameters: true).D is null)
            {
                throw new CryptographicException($"Signing key {keyId}: the PEM holds no private key.");
            }

            return new CodeSigningKey(keyId, key);
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    /// <summary>Exports the private key as unencrypted PKCS#8 (DER). Treat the bytes as a secret.</summary>
    public byte[] ExportPkcs8() => Key.ExportPkcs8PrivateKey();

    /// <summary>Exports the private key as unencrypted PKCS#8 PEM ("-----BEGIN PRIVATE KEY-----"). Treat it as a secret.</summary>
    public string ExportPkcs8Pem() => Key.ExportPkcs8PrivateKeyPem();

    /// <summary>The matching public key with the same id, as a new object the caller owns.</summary>
    public CodeVerificationKey ToVerificationKey() =>
        CodeVerificationKey.FromParameters(KeyId, Key.ExportParameters(includePrivateParameters: false));
}
