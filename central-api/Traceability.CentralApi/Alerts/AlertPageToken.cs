using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace Traceability.CentralApi.Alerts;

/// <summary>
/// The opaque <c>pageToken</c> of <c>GET /api/alerts</c>: the (raised at, id) of the last alert of a page, base64url, with
/// a check value bound to the filters it was made for, so a token altered or used with other filters is refused. It is
/// integrity, not secrecy. Tokens do not expire: the position stays valid as alerts are added.
/// </summary>
internal static class AlertPageToken
{
    private const byte Version = 1;
    private const int PayloadLength = 1 + 8 + 16;
    private const int CheckLength = 8;

    public static string Encode(AlertPosition position, AlertKind? kind, AlertStatus? status)
    {
        var bytes = new byte[PayloadLength + CheckLength];
        bytes[0] = Version;
        BinaryPrimitives.WriteInt64BigEndian(bytes.AsSpan(1), position.RaisedAt.UtcTicks);
        position.AlertId.TryWriteBytes(bytes.AsSpan(9), bigEndian: true, out _);
        Check(bytes.AsSpan(0, PayloadLength), kind, status).CopyTo(bytes.AsSpan(PayloadLength));
        return WebEncoders.Base64UrlEncode(bytes);
    }

    public static bool TryDecode(string token, AlertKind? kind, AlertStatus? status, [NotNullWhen(true)] out AlertPosition? position)
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

        if (bytes.Length != PayloadLength + CheckLength || bytes[0] != Version
            || !CryptographicOperations.FixedTimeEquals(bytes.AsSpan(PayloadLength), Check(bytes.AsSpan(0, PayloadLength), kind, status)))
        {
            return false;
        }

        var ticks = BinaryPrimitives.ReadInt64BigEndian(bytes.AsSpan(1));
        if (ticks < DateTimeOffset.MinValue.UtcTicks || ticks > DateTimeOffset.MaxValue.UtcTicks)
        {
            return false;
        }

        position = new AlertPosition(new DateTimeOffset(ticks, TimeSpan.Zero), new Guid(bytes.AsSpan(9, 16), bigEndian: true));
        return true;
    }

    private static byte[] Check(ReadOnlySpan<byte> payload, AlertKind? kind, AlertStatus? status)
    {
        var filters = Encoding.UTF8.GetBytes($"alerts|{kind?.Value}|{status}|");
        var input = new byte[filters.Length + payload.Length];
        filters.CopyTo(input, 0);
        payload.CopyTo(input.AsSpan(filters.Length));
        return SHA256.HashData(input).AsSpan(0, CheckLength).ToArray();
    }
}
