using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;

namespace Traceability.LineAgent.Host.Hmi;

/// <summary>The engineer PIN, kept only as its SHA-256; an entered PIN is hashed and compared in constant time.</summary>
public sealed class EngineerPin
{
    private const string HashPrefix = "sha256:";
    private readonly byte[] _hash;

    private EngineerPin(byte[] hash) => _hash = hash;

    /// <summary>Reads the configured value: 4 to 12 digits, or <c>sha256:</c> + 64 hex digits.</summary>
    public static bool TryParse(string? configured, [NotNullWhen(true)] out EngineerPin? pin, [NotNullWhen(false)] out string? problem)
    {
        pin = null;
        if (string.IsNullOrWhiteSpace(configured))
        {
            problem = "no engineer PIN is configured; engineer actions need one.";
            return false;
        }

        if (configured.StartsWith(HashPrefix, StringComparison.OrdinalIgnoreCase))
        {
            var hex = configured[HashPrefix.Length..];
            if (hex.Length != 64 || !hex.All(char.IsAsciiHexDigit))
            {
                problem = $"'{HashPrefix}' must be followed by 64 hex digits (the SHA-256 of the PIN), found {hex.Length} characters.";
                return false;
            }

            pin = new EngineerPin(Convert.FromHexString(hex));
            problem = null;
            return true;
        }

        if (!IsWellFormed(configured))
        {
            problem = $"must be 4 to 12 digits (found {configured.Length} characters) or '{HashPrefix}<hex>'.";
            return false;
        }

        pin = new EngineerPin(Hash(configured));
        problem = null;
        return true;
    }

    /// <summary>True when <paramref name="entered"/> is the engineer PIN.</summary>
    public bool Matches(string? entered) =>
        entered is not null && CryptographicOperations.FixedTimeEquals(Hash(entered), _hash);

    private static bool IsWellFormed(string pin) => pin.Length is >= 4 and <= 12 && pin.All(char.IsAsciiDigit);

    private static byte[] Hash(string pin) => SHA256.HashData(Encoding.UTF8.GetBytes(pin));
}
