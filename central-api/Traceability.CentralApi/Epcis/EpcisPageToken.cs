using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Traceability.CentralApi.Storage;

namespace Traceability.CentralApi.Epcis;

/// <summary>
/// The opaque <c>nextPageToken</c>: the keyset position (event time, key) of the last event of a page, base64url, with
/// a check value bound to the query it came from. A token altered, truncated or used with other query parameters is
/// refused; it is integrity, not secrecy (anyone can read a position out of it, and a position only moves a cursor
/// within the caller's own query). Tokens do not expire: the keyset stays valid as events are added.
/// </summary>
internal static class EpcisPageToken
{
    private const byte Version = 1;
    private const int CheckLength = 8;

    public static string Encode(EpcisKeyset position, byte[] queryFingerprint)
    {
        var key = Encoding.UTF8.GetBytes(position.Key);
        var bytes = new byte[1 + 8 + CheckLength + key.Length];
        bytes[0] = Version;
        BinaryPrimitives.WriteInt64BigEndian(bytes.AsSpan(1), position.EventTime.UtcTicks);
        key.CopyTo(bytes, 1 + 8 + CheckLength);
        Check(bytes, queryFingerprint).CopyTo(bytes.AsSpan(1 + 8));
        return WebEncoders.Base64UrlEncode(bytes);
    }

    public static bool TryDecode(string token, byte[] queryFingerprint, [NotNullWhen(true)] out EpcisKeyset? position)
    {
        position = null;
        byte[] bytes;
        try
        {
            bytes = WebEncoders.Base64UrlDecode(token);
        }
        catch (FormatException)
        {
            return false;
        }

        if (bytes.Length <= 1 + 8 + CheckLength || bytes[0] != Version
            || !CryptographicOperations.FixedTimeEquals(bytes.AsSpan(1 + 8, CheckLength), Check(bytes, queryFingerprint)))
        {
            return false;
        }

        var ticks = BinaryPrimitives.ReadInt64BigEndian(bytes.AsSpan(1));
        if (ticks < DateTimeOffset.MinValue.UtcTicks || ticks > DateTimeOffset.MaxValue.UtcTicks)
        {
            return false;
        }

        position = new EpcisKeyset(new DateTimeOffset(ticks, TimeSpan.Zero), Encoding.UTF8.GetString(bytes, 1 + 8 + CheckLength, bytes.Length - 1 - 8 - CheckLength));
        return true;
    }

    // SHA-256 over the query fingerprint, the version, the time and the key; the check field itself is left out.
    private static byte[] Check(byte[] token, byte[] queryFingerprint)
    {
        var input = new byte[queryFingerprint.Length + token.Length - CheckLength];
        queryFingerprint.CopyTo(input, 0);
        token.AsSpan(0, 1 + 8).CopyTo(input.AsSpan(queryFingerprint.Length));
        token.AsSpan(1 + 8 + CheckLength).CopyTo(input.AsSpan(queryFingerprint.Length + 1 + 8));
        return SHA256.HashData(input).AsSpan(0, CheckLength).ToArray();
    }
}
