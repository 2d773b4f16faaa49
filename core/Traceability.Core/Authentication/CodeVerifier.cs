using System.Security.Cryptography;

namespace Traceability.Core.Authentication;

/// <summary>
/// Checks AI (8030) values in the Traceability DigSig profile v1 against a <see cref="KeyRing"/>. No I/O: one
/// format check, one dictionary lookup, one ECDSA P-256 verification. Does not own the ring.
/// </summary>
public sealed class CodeVerifier
{
    private const int StackLimit = 512;
    private readonly KeyRing _keys;

    /// <summary>Creates a verifier that trusts the keys in <paramref name="keys"/>, as they are at each call.</summary>
    public CodeVerifier(KeyRing keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        _keys = keys;
    }

    /// <summary>
    /// Checks that <paramref name="digSigValue"/> is a valid signature on the ASCII bytes of
    /// <paramref name="canonicalText"/>. Never throws for bad input: a malformed value or a non-ASCII text is
    /// <see cref="VerificationStatus.Malformed"/> with the reason and position.
    /// </summary>
    public VerificationResult Verify(string canonicalText, string digSigValue)
    {
        ArgumentNullException.ThrowIfNull(canonicalText);
        ArgumentNullException.ThrowIfNull(digSigValue);

        Span<byte> signature = stackalloc byte[DigSigFormat.SignatureBytes];
        if (!DigSigFormat.TryDecompose(digSigValue, out var keyId, signature, out var reason))
        {
            return VerificationResult.Malformed(reason);
        }

        var rented = canonicalText.Length > StackLimit ? new byte[canonicalText.Length] : null;
        var bytes = rented ?? stackalloc byte[StackLimit];
        bytes = bytes[..canonicalText.Length];
        var bad = DigSigFormat.TryEncodeAscii(canonicalText, bytes);
        if (bad != 0)
        {
            return VerificationResult.Malformed($"canonical text position {bad}: U+{(int)canonicalText[bad - 1]:X4} is not ASCII.");
        }

        var key = _keys.Find(keyId);
        if (key is null)
        {
            return VerificationResult.Unknown(keyId);
        }

        return key.VerifyData(bytes, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation)
            ? VerificationResult.Valid(keyId)
            : VerificationResult.Mismatch(keyId);
    }
}
