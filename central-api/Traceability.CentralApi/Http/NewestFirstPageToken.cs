using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace Traceability.CentralApi.Http;

/// <summary>
/// The opaque <c>pageToken</c> of the newest-first listings (<c>GET /api/alerts</c>, <c>GET /api/inspections</c>): the
/// (time, id) of the last row of a page, base64url, with a check value bound to the listing and the filters it was made
/// for, so a token altered, or used with other filters or on another listing, is refused. It is integrity, not secrecy.
/// Tokens do not expire: the position stays valid as rows are added.
/// </summary>
internal static class NewestFirstPageToken
{
    private const byte Version = 1;
    private const int PayloadLength = 1 + 8 + 16;
    private const int CheckLength = 8;

    /// <summary>The token for the position (<paramref name="at"/>, <paramref name="id"/>) of <paramref name="listing"/> (its name and filters, e.g. <c>alerts|kind|status|</c>).</summary>
    public static string Encode(DateTimeOffset at, Guid id, string listing)
    {
        var bytes = new byte[PayloadLength + CheckLength];
        bytes[0] = Version;
        BinaryPrimitives.WriteInt64BigEndian(bytes.AsSpan(1), at.UtcTicks);
        id.TryWriteBytes(bytes.AsSpan(9), bigEndian: true, out _);
        Check(bytes.AsSpan(0, PayloadLength), listing).CopyTo(bytes.AsSpan(PayloadLength));
        return WebEncoders.Base64UrlEncode(bytes);
    }

    /// <summary>The position a token of <paramref name="listing"/> holds; false when it is not one.</summary>
    public static bool TryDecode(string token, string listing, out DateTimeOffset at, out Guid id)
    {
        at = default;
        id = default;
        byte[] bytes;
        try
        {
            bytes = WebEncoders.Base64UrlDecode(token);
        }
        catch (FormatException)
        {
            return false;
        }

        if (bytes.Length != PayloadLength + CheckLength || bytes[0] != Version
            || !CryptographicOperations.FixedTimeEquals(bytes.AsSpan(PayloadLength), Check(bytes.AsSpan(0, PayloadLength), listing)))
        {
            return false;
        }

        var ticks = BinaryPrimitives.ReadInt64BigEndian(bytes.AsSpan(1));
        if (ticks < DateTimeOffset.MinValue.UtcTicks || ticks > DateTimeOffset.MaxValue.UtcTicks)
        {
            return false;
        }

        at = new DateTimeOffset(ticks, TimeSpan.Zero);
        id = new Guid(bytes.AsSpan(9, 16), bigEndian: true);
        return true;
    }

    private static byte[] Check(ReadOnlySpan<byte> payload, string listing)
    {
        var filters = Encoding.UTF8.GetBytes(listing);
        var input = new byte[filters.Length + payload.Length];
        filters.CopyTo(input, 0);
        payload.CopyTo(input.AsSpan(filters.Length));
        return SHA256.HashData(input).AsSpan(0, CheckLength).ToArray();
    }
}
