using System.Security.Cryptography;

namespace Traceability.Core.Authentication;

/// <summary>
/// A brand's public code-verification key (ECDSA P-256) with its <see cref="CodeKeyId"/>. Owns its
/// <see cref="ECDsa"/>: dispose it when done. Import and export use SubjectPublicKeyInfo (DER or PEM).
/// </summary>
public sealed class CodeVerificationKey : CodeKey
{
    private CodeVerificationKey(CodeKeyId keyId, ECDsa key)
        : base(keyId, key)
    {
    }

    /// <summary>Imports a SubjectPublicKeyInfo public key (DER).</summary>
    /// <exception cref="CryptographicException">Not an EC public key, or not on P-256.</exception>
    public static CodeVerificationKey ImportSubjectPublicKeyInfo(CodeKeyId keyId, ReadOnlySpan<byte> subjectPublicKeyInfo)
    {
        P256.RequireKeyId(keyId, nameof(keyId));
        var key = P256.ImportDer(
            subjectPublicKeyInfo,
            static (ECDsa ecdsa, ReadOnlySpan<byte> der, out int read) => ecdsa.ImportSubjectPublicKeyInfo(der, out read),
            $"Verification key {keyId}",
            "SubjectPublicKeyInfo");
        return new CodeVerificationKey(keyId, key);
    }

    /// <summary>Imports a SubjectPublicKeyInfo public key in PEM ("-----BEGIN PUBLIC KEY-----").</summary>
    /// <exception cref="ArgumentException">No PEM public key found.</exception>
    /// <exception cref="CryptographicException">Not an EC public key, or not on P-256.</exception>
    public static CodeVerificationKey ImportSubjectPublicKeyInfoPem(CodeKeyId keyId, string pem)
    {
        ArgumentNullException.ThrowIfNull(pem);
        P256.RequireKeyId(keyId, nameof(keyId));
        var fields = PemEncoding.Find(pem);
        if (!pem.AsSpan()[fields.Label].SequenceEqual("PUBLIC KEY"))
        {
            throw new ArgumentException($"Verification key {keyId}: expected a \"PUBLIC KEY\" PEM, found \"{pem[fields.Label]}\".", nameof(pem));
        }

        return ImportSubjectPublicKeyInfo(keyId, Convert.FromBase64String(pem[fields.Base64Data]));
    }

    /// <summary>Exports the public key as SubjectPublicKeyInfo (DER).</summary>
    public byte[] ExportSubjectPublicKeyInfo() => Key.ExportSubjectPublicKeyInfo();

    /// <summary>Exports the public key as SubjectPublicKeyInfo PEM ("-----BEGIN PUBLIC KEY-----").</summary>
    public string ExportSubjectPublicKeyInfoPem() => Key.ExportSubjectPublicKeyInfoPem();

    internal static CodeVerificationKey FromParameters(CodeKeyId keyId, ECParameters parameters)
    {
        parameters.D = null;
        return new CodeVerificationKey(keyId, ECDsa.Create(parameters));
    }

    internal ECParameters ExportParameters() => Key.ExportParameters(includePrivateParameters: false);
}
