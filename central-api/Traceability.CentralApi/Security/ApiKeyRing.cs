using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Traceability.CentralApi.Security;

/// <summary>
/// The configured API keys, kept only as SHA-256 hashes. A presented key is hashed and compared with every entry in
/// fixed time, without stopping at a match, so the time taken says nothing about how close a guess was or which entry
/// it matched.
/// </summary>
internal sealed class ApiKeyRing
{
    private readonly Entry[] _entries;

    public ApiKeyRing(IOptions<AuthOptions> options)
    {
        _entries = options.Value.ApiKeys.Select((e, i) => new Entry(
            Hash(e.Key!),
            CanonicalRole(e.Role)!,
            string.IsNullOrWhiteSpace(e.Id) ? null : e.Id.Trim(),
            i)).ToArray();
    }

    public int Count => _entries.Length;

    /// <summary>The caller's identity for a key, or <see langword="null"/> when no configured key matches.</summary>
    public ClaimsIdentity? Identify(string presentedKey, string authenticationType)
    {
        var presented = Hash(presentedKey);
        Entry? match = null;
        foreach (var entry in _entries)
        {
            // Bitwise & and no break: every entry costs the same whether or not it matches.
            if (CryptographicOperations.FixedTimeEquals(entry.KeyHash, presented) & match is null)
            {
                match = entry;
            }
        }

        if (match is null)
        {
            return null;
        }

        var name = match.Id ?? string.Create(CultureInfo.InvariantCulture, $"{match.Role.ToLowerInvariant()}-key-{match.Index}");
        var claims = new List<Claim>
        {
            new(ClaimTypes.NameIdentifier, name),
            new(ClaimTypes.Name, name),
            new(ClaimTypes.Role, match.Role),
        };
        if (match.Id is not null && match.Role == CentralRoles.Line)
        {
            claims.Add(new Claim(CentralClaimTypes.LineId, match.Id));
        }
        else if (match.Id is not null && match.Role == CentralRoles.Dealer)
        {
            claims.Add(new Claim(CentralClaimTypes.DealerId, match.Id));
        }

        return new ClaimsIdentity(claims, authenticationType);
    }

    /// <summary>The role as <see cref="CentralRoles"/> spells it, matched case-insensitively; null when it is not a role.</summary>
    public static string? CanonicalRole(string? role) =>
        role is null ? null : CentralRoles.All.FirstOrDefault(r => string.Equals(r, role.Trim(), StringComparison.OrdinalIgnoreCase));

    private static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    private sealed record Entry(byte[] KeyHash, string Role, string? Id, int Index);
}
