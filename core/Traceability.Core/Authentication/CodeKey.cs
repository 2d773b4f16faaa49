using System.Security.Cryptography;

namespace Traceability.Core.Authentication;

/// <summary>
/// A brand's ECDSA P-256 code key with its <see cref="CodeKeyId"/>: the private <see cref="CodeSigningKey"/> or the public
/// <see cref="CodeVerificationKey"/>. Owns its <see cref="ECDsa"/>: dispose it when done; any use of the key after
/// that throws <see cref="ObjectDisposedException"/>.
/// </summary>
public abstract class CodeKey : IDisposable
{
    private readonly ECDsa _key;
    private bool _disposed;

    private protected CodeKey(CodeKeyId keyId, ECDsa key)
    {
        KeyId = keyId;
        _key = key;
    }

    /// <summary>The id written into every value a signing key signs, and that selects the verification key for it.</summary>
    public CodeKeyId KeyId { get; }

    internal ECDsa Key
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _key;
        }
    }

    /// <summary>Releases the key.</summary>
    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            _key.Dispose();
        }

        GC.SuppressFinalize(this);
    }
}
