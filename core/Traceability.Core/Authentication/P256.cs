using System.Security.Cryptography;

namespace Traceability.Core.Authentication;

/// <summary>Checks that imported keys are on NIST P-256, the only curve of the profile.</summary>
internal static class P256
{
    private const string Oid = "1.2.840.10045.3.1.7";

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
