using System.Security.Cryptography;
using System.Text;

namespace Traceability.CentralApi.Alerts.Webhooks;

/// <summary>
/// The signature of a webhook request: HMAC-SHA256, keyed with the webhook's secret (UTF-8), over the timestamp header's
/// value, a full stop, and the exact body bytes (<c>{timestamp}.{body}</c>); sent as <c>sha256=</c> and lower-case hex.
/// The timestamp (Unix seconds) is signed so a captured request cannot be replayed later with a fresh timestamp.
/// </summary>
public static class WebhookSignature
{
    public const string SignatureHeader = "X-Traceability-Signature";
    public const string TimestampHeader = "X-Traceability-Timestamp";
    public const string DeliveryHeader = "X-Traceability-Delivery";
    public const string EventHeader = "X-Traceability-Event";
    public const string AlertRaised = "alert.raised";

    /// <summary>The <see cref="SignatureHeader"/> value for a body sent at <paramref name="timestamp"/>.</summary>
    public static string Sign(string secret, string timestamp, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(secret);
        return Sign(Encoding.UTF8.GetBytes(secret), timestamp, body);
    }

    /// <summary>The <see cref="SignatureHeader"/> value, with the secret's UTF-8 bytes.</summary>
    public static string Sign(byte[] secret, string timestamp, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(secret);
        ArgumentNullException.ThrowIfNull(timestamp);
        var prefix = Encoding.UTF8.GetBytes(timestamp + ".");
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        return "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(secret, signed));
    }
}
