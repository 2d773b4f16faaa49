using System.Security.Cryptography;

namespace Traceability.Core.Authentication;

/// <summary>Imports keys and checks that they are on NIST P-256, the only curve of the profile.</summary>
internal static class P256
{
    private const string Oid = "1.2.840.10045.3.1.7";

    /// <summary>One of the DER imports of <see cref="ECDsa"/>: fills the key from the bytes and says how many it read.</summary>
    public delegate void DerImport(ECDsa key, ReadOnlySpan<byte> der, out int bytesRead);

    /// <summary>
    /// A new key that <paramref name="import"/> fills from <paramref name="der"/>: every byte must belong to the
    /// <paramref name="structure"/> and the key must be on P-256, or the key is disposed and the import fails.
    /// </summary>
    public static ECDsa ImportDer(ReadOnlySpan<byte> der, DerImport import, string what, string structure)
    {
        var key = ECDsa.Create();
        try
        {
            import(key, der, out var read);
            if (read != der.Length)
            {
                throw new CryptographicException($"{what}: {der.Length - read} bytes follow the {structure} structure.");
            }

            RequireCurve(key, what);
            return key;
        }
        catch
        {
            key.Dispose();
            throw;
        }
    }

    public static void RequireCurve(ECDsa key, string what)
    {
        var curve = key.ExportParameters(includePrivateParameters: false).Curve;
        var isP256 = curve.IsNamed
            && (curve.Oid.Value == Oid || string.Equals(curve.Oid.FriendlyName, "nistP256", StringComparison.OrdinalIgnoreCase)
                || string.Equals(curve.Oid.FriendlyName, "ECDSA_P256", StringComparison.OrdinalIgnoreCase));
        if (!isP256)
        {
            throw new CryptographicException($"{what}: the key is on curve {curve.Oid.FriendlyName ?? curve.Oid.Value ?? "(unnamed)"}, but the Traceability DigSig profile v1 uses P-256 only.");
        }
    }

    public static void RequireKeyId(CodeKeyId keyId, string paramName)
    {
        if (keyId.Value is null)
        {
            throw new ArgumentException("The key id is the default value; parse one with CodeKeyId.Parse.", paramName);
        }
    }
}
