using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Traceability.Core.Authentication;

/// <summary>
/// The Traceability DigSig profile v1: the layout of a GS1 AI (8030) value produced by <see cref="CodeSigner"/>.
/// This is Traceability's own profile carried in AI (8030); it is NOT an ISO/IEC 20248 DigSig structure.
/// </summary>
/// <remarks>
/// <para>Value = <c>L</c> + key id + signature, all base64url characters (A–Z a–z 0–9 - _), no padding:</para>
/// <list type="bullet">
/// <item><c>L</c>: one character, '1', '2' or '3', the length of the key id.</item>
/// <item>key id: L base64url characters chosen by the brand (<see cref="CodeKeyId"/>).</item>
/// <item>signature: 86 characters, the base64url encoding (no padding) of the 64-byte IEEE P1363 form (r‖s, 32 bytes
/// each, big-endian) of an ECDSA signature on curve P-256 with SHA-256; its last character encodes 4 unused bits,
/// which must be zero.</item>
/// </list>
/// <para>Total 88–90 characters, within 8030's Z..90. The signed bytes are the ASCII bytes of the canonical text given
/// to <see cref="CodeSigner.Sign"/>, with nothing prefixed or appended.</para>
/// </remarks>
public static class DigSigFormat
{
    /// <summary>The profile's version, 1; it is not carried in the value.</summary>
    public const int Version = 1;

    /// <summary>The number of base64url characters of the signature: 86.</summary>
    public const int SignatureLength = 86;

    /// <summary>The size in bytes of the IEEE P1363 P-256 signature: 64.</summary>
    public const int SignatureBytes = 64;

    /// <summary>The longest value the profile produces: 90, the maximum length of AI (8030).</summary>
    public const int MaxLength = 1 + CodeKeyId.MaxLength + SignatureLength;

    /// <summary>True when <paramref name="c"/> is one of the 64 base64url characters.</summary>
    public static bool IsBase64UrlChar(char c) =>
        c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_';

    internal static string Compose(CodeKeyId keyId, ReadOnlySpan<byte> signature) =>
        string.Concat(((char)('0' + keyId.Value.Length)).ToString(), keyId.Value, Base64Url.EncodeToString(signature));

    /// <summary>Splits a value into key id and signature bytes, or says exactly why it is malformed.</summary>
    internal static bool TryDecompose(string value, out CodeKeyId keyId, Span<byte> signature, [NotNullWhen(false)] out string? reason)
    {
        keyId = default;
        if (value.Length == 0)
        {
            reason = "empty value: a DigSig value has 88 to 90 characters.";
            return false;
        }

        for (var i = 0; i < value.Length; i++)
        {
            if (!IsBase64UrlChar(value[i]))
            {
                reason = $"position {i + 1}: '{Printable(value[i])}' is not a base64url character.";
                return false;
            }
        }

        var l = value[0] - '0';
        if (l is < CodeKeyId.MinLength or > CodeKeyId.MaxLength)
        {
            reason = $"position 1: key-id length '{value[0]}' must be 1, 2 or 3.";
            return false;
        }

        var expected = 1 + l + SignatureLength;
        if (value.Length != expected)
        {
            reason = $"wrong length: {value.Length} characters, but a key id of {l} needs exactly {expected} (1 + {l} + {SignatureLength}).";
            return false;
        }

        var last = value[^1];
        if ((Base64UrlValue(last) & 0b1111) != 0)
        {
            reason = $"position {value.Length}: '{last}' sets the 4 unused bits of the signature's last character (non-canonical base64url).";
            return false;
        }

        keyId = new CodeKeyId(value.Substring(1, l));
        if (Base64Url.DecodeFromChars(value.AsSpan(1 + l), signature) != SignatureBytes)
        {
            reason = "signature does not decode to 64 bytes.";
            return false;
        }

        reason = null;
        return true;
    }

    /// <summary>Writes the ASCII bytes of <paramref name="text"/>; returns the position (1-based) of the first non-ASCII character, or 0.</summary>
    internal static int TryEncodeAscii(string text, Span<byte> bytes)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] > 0x7F)
            {
                return i + 1;
            }
        }

        Encoding.ASCII.GetBytes(text, bytes);
        return 0;
    }

    private static int Base64UrlValue(char c) => c switch
    {
        >= 'A' and <= 'Z' => c - 'A',
        >= 'a' and <= 'z' => c - 'a' + 26,
        >= '0' and <= '9' => c - '0' + 52,
        '-' => 62,
        _ => 63,
    };

    private static string Printable(char c) => char.IsControl(c) || char.IsWhiteSpace(c) ? $"U+{(int)c:X4}" : c.ToString();
}
