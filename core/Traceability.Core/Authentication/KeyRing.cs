using System.Security.Cryptography;

namespace Traceability.Core.Authentication;

/// <summary>
/// The public keys a verifier trusts, by <see cref="CodeKeyId"/>. Rotation: add the new key before signing with it;
/// codes signed with the old key keep verifying until the old key is removed.
/// </summary>
/// <remarks>
/// Reads take no lock (the map is replaced, never changed in place), so verification may run on many threads while
/// keys are added or removed. A removed key is disposed only when the ring is, because a verification in flight may
/// still hold it; rotation is rare, so the cost is a few retired keys.
/// </remarks>
public sealed class KeyRing : IDisposable
{
    private readonly Lock _gate = new();
    private readonly List<ECDsa> _retired = [];
    private Dictionary<string, ECDsa> _keys = new(StringComparer.Ordinal);
    private bool _disposed;

    /// <summary>The ids of the keys in the ring, in ordinal order.</summary>
    public IReadOnlyList<CodeKeyId> KeyIds =>
        Volatile.Read(ref _keys).Keys.Order(StringComparer.Ordinal).Select(k => new CodeKeyId(k)).ToArray();

    /// <summary>
    /// Adds a copy of <paramref name="key"/>'s public key. The ring keeps its own copy; the caller still owns and
    /// disposes <paramref name="key"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The ring already holds a key with this id (remove it first).</exception>
    public void Add(CodeVerificationKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var parameters = key.ExportParameters();
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_keys.ContainsKey(key.KeyId.Value))
            {
                throw new ArgumentException($"Key id \"{key.KeyId}\" is already in the key ring; remove it before adding another key under the same id.", nameof(key));
            }

            var copy = ECDsa.Create(parameters);
            var next = new Dictionary<string, ECDsa>(_keys, StringComparer.Ordinal) { [key.KeyId.Value] = copy };
            Volatile.Write(ref _keys, next);
        }
    }

    /// <summary>Removes the key with <paramref name="keyId"/>: values signed with it now verify as <see cref="VerificationStatus.UnknownKey"/>.</summary>
    /// <returns>False when the ring held no such key.</returns>
    public bool Remove(CodeKeyId keyId)
    {
        if (keyId.Value is null)
        {
            return false;
        }

        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_keys.TryGetValue(keyId.Value, out var old))
            {
                return false;
            }

            var next = new Dictionary<string, ECDsa>(_keys, StringComparer.Ordinal);
            next.Remove(keyId.Value);
            Volatile.Write(ref _keys, next);
            _retired.Add(old);
            return true;
        }
    }

    /// <summary>True when the ring holds a key with <paramref name="keyId"/>.</summary>
    public bool Contains(CodeKeyId keyId) => keyId.Value is not null && Volatile.Read(ref _keys).ContainsKey(keyId.Value);

    /// <summary>Disposes every key the ring holds or has held.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            foreach (var key in _keys.Values.Concat(_retired))
            {
                key.Dispose();
            }

            _retired.Clear();
            Volatile.Write(ref _keys, new Dictionary<string, ECDsa>(StringComparer.Ordinal));
        }
    }

    internal ECDsa? Find(CodeKeyId keyId)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        return Volatile.Read(ref _keys).GetValueOrDefault(keyId.Value);
    }
}
