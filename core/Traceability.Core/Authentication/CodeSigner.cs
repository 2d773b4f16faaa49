using System.Security.Cryptography;

namespace Traceability.Core.Authentication;

/// <summary>
/// Produces AI (8030) values in the Traceability DigSig profile v1 (<see cref="DigSigFormat"/>). Uses the key it is
/// given but does not own it: dispose the <see cref="CodeSigningKey"/> yourself.
/// </summary>
public sealed class CodeSigner
{
    private const int StackLimit = 512;
    private readonly CodeSigningKey _key;

    /// <summary>Creates a signer that signs with <paramref name="key"/>.</summary>
    public CodeSigner(CodeSigningKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        _key = key;
    }

    /// <summary>The id written into every value this signer produces.</summary>
    public CodeKeyId KeyId => _key.KeyId;

    /// <summary>
    /// Signs the ASCII bytes of <paramref name="canonicalText"/> (nothing prefixed or appended) and returns the
    /// 88–90 base64url characters to carry in AI (8030): key-id length, key id, 86-character signature.
    /// ECDSA signatures are randomized: signing the same text twice gives different values, both valid.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="canonicalText"/> has a non-ASCII character; the message gives its position.</exception>
    public string Sign(string canonicalText)
    {
        ArgumentNullException.ThrowIfNull(canonicalText);
        var rented = canonicalText.Length > StackLimit ? new byte[canonicalText.Length] : null;
        var bytes = rented ?? stackalloc byte[StackLimit];
        bytes = bytes[..canonicalText.Length];
        var bad = DigSigFormat.TryEncodeAscii(canonicalText, bytes);
        if (bad != 0)
        {
            throw new ArgumentException($"Canonical text position {bad}: U+{(int)canonicalText[bad - 1]:X4} is not ASCII.", nameof(canonicalText));
        }

        Span<byte> signature = stackalloc byte[DigSigFormat.SignatureBytes];
        var written = _key.Key.SignData(bytes, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        if (written != DigSigFormat.SignatureBytes)
        {
            throw new CryptographicException($"ECDSA P-256 produced a {written}-byte signature; the profile needs {DigSigFormat.SignatureBytes}.");
        }

        return DigSigFormat.Compose(_key.KeyId, signature);
    }
}
