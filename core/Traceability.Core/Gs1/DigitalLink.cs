using System.Diagnostics.CodeAnalysis;
using System.Text;
using Traceability.Core.Gs1.Syntax;

namespace Traceability.Core.Gs1;

/// <summary>
/// A GS1 Digital Link URI (GS1 Digital Link standard, URI syntax): <c>https://{domain}[/prefix]/01/{gtin}[/22/…][/10/…][/21/…]?17=…</c>.
/// The primary key and its key qualifiers form the path, in the order the GS1 Barcode Syntax Dictionary's <c>dlpkey</c>
/// attribute gives; every other AI is a query parameter (only AIs the dictionary flags as data attributes). Values are
/// percent-encoded: every character outside A–Z a–z 0–9 - . _ ~ becomes %XX. A GTIN-8/12/13 in the path is padded to 14 digits.
/// </summary>
/// <param name="Prefix">Scheme, host and any path before the primary key, without a trailing "/": "https://id.example.com".</param>
/// <param name="Data">The GS1 data the URI carries, key first, then qualifiers, then attributes in query order.</param>
/// <param name="OtherParameters">Query parameters that are not AIs (e.g. linkType), decoded, in order.</param>
public sealed record DigitalLink(string Prefix, ElementString Data, IReadOnlyList<KeyValuePair<string, string>> OtherParameters)
{
    /// <summary>The URI: <see cref="Format(ElementString, string)"/> of <see cref="Data"/> under <see cref="Prefix"/>, then <see cref="OtherParameters"/>.</summary>
    public override string ToString()
    {
        var uri = Format(Data, Prefix);
        if (OtherParameters.Count == 0)
        {
            return uri;
        }

        var sb = new StringBuilder(uri);
        var separator = uri.Contains('?', StringComparison.Ordinal) ? '&' : '?';
        foreach (var (key, value) in OtherParameters)
        {
            sb.Append(separator).Append(Encode(key)).Append('=').Append(Encode(value));
            separator = '&';
        }

        return sb.ToString();
    }

    /// <summary>Builds the Digital Link URI for <paramref name="data"/>.</summary>
    /// <param name="data">A validated element string with exactly one AI that can be a Digital Link primary key.</param>
    /// <param name="domainOrPrefix">A domain ("id.example.com", https is used) or a prefix with scheme ("https://example.com/dl").</param>
    /// <exception cref="Gs1FormatException">The data has no primary key, or an AI that a Digital Link URI cannot carry.</exception>
    public static string Format(ElementString data, string domainOrPrefix) =>
        TryFormat(data, domainOrPrefix, out var uri, out var error) ? uri : throw new Gs1FormatException(error);

    /// <summary>Builds the Digital Link URI for <paramref name="data"/>; <paramref name="error"/> says why it cannot.</summary>
    public static bool TryFormat(ElementString data, string domainOrPrefix, [NotNullWhen(true)] out string? uri, [NotNullWhen(false)] out Gs1Error? error)
    {
        ArgumentNullException.ThrowIfNull(data);
        uri = null;
        if (!TryNormalizePrefix(domainOrPrefix, out var prefix, out error) || !TryFormatPath(data, out var path, out error))
        {
            return false;
        }

        uri = prefix + path;
        return true;
    }

    /// <summary>
    /// The prefix a Digital Link URI under <paramref name="domainOrPrefix"/> starts with (what <see cref="Format"/> puts
    /// before <see cref="FormatPath"/>): <c>Format(data, p) == NormalizePrefix(p) + FormatPath(data)</c>, so links of
    /// many items under one prefix check it once.
    /// </summary>
    /// <exception cref="Gs1FormatException"><paramref name="domainOrPrefix"/> is not a domain or an http(s) URI prefix.</exception>
    public static string NormalizePrefix(string domainOrPrefix) =>
        TryNormalizePrefix(domainOrPrefix, out var prefix, out var error) ? prefix : throw new Gs1FormatException(error);

    /// <summary>The part of <paramref name="data"/>'s Digital Link URI after the prefix: the key path and any query (<c>/01/…/21/…?17=…</c>).</summary>
    /// <exception cref="Gs1FormatException">The data has no primary key, or an AI that a Digital Link URI cannot carry.</exception>
    public static string FormatPath(ElementString data) =>
        TryFormatPath(data, out var path, out var error) ? path : throw new Gs1FormatException(error);

    private static bool TryFormatPath(ElementString data, [NotNullWhen(true)] out string? path, [NotNullWhen(false)] out Gs1Error? error)
    {
        ArgumentNullException.ThrowIfNull(data);
        path = null;
        var table = AiTable.Default;
        AiDefinition? key = null;
        foreach (var e in data.Elements)
        {
            if (table.TryGet(e.Ai, out var d) && d.IsDigitalLinkPrimaryKey)
            {
                key = d;
                break;
            }
        }

        if (key is null)
        {
            error = new Gs1Error(Gs1ErrorKind.MalformedDigitalLink, null, 0,
                "The data has no AI that can be a Digital Link primary key, such as (01) GTIN or (00) SSCC.");
            return false;
        }

        var qualifiers = data.Elements.Where(e => key.DigitalLinkQualifiers!.Any(seq => seq.Contains(e.Ai))).Select(e => e.Ai).ToList();
        var sequence = key.DigitalLinkQualifiers!.FirstOrDefault(seq => qualifiers.All(seq.Contains));
        if (sequence is null)
        {
            error = Gs1Error.At(Gs1ErrorKind.InvalidPairing, key.Ai, 0,
                $"qualifiers {string.Concat(qualifiers.Select(q => $"({q})"))} cannot qualify one key together (allowed: {string.Join(" | ", key.DigitalLinkQualifiers!.Select(s => string.Join(",", s)))})");
            return false;
        }

        var sb = new StringBuilder(64);
        sb.Append('/').Append(key.Ai).Append('/').Append(Encode(data[key.Ai]!));
        foreach (var q in sequence)
        {
            if (data[q] is { } value)
            {
                sb.Append('/').Append(q).Append('/').Append(Encode(value));
            }
        }

        var separator = '?';
        foreach (var (ai, value) in data.Elements)
        {
            if (ai == key.Ai || sequence.Contains(ai))
            {
                continue;
            }

            if (!table.TryGet(ai, out var d) || !d.DigitalLinkAttribute)
            {
                error = Gs1Error.At(Gs1ErrorKind.InvalidPairing, ai, 0, $"cannot be carried by a GS1 Digital Link URI with primary key ({key.Ai})");
                return false;
            }

            sb.Append(separator).Append(ai).Append('=').Append(Encode(value));
            separator = '&';
        }

        path = sb.ToString();
        error = null;
        return true;
    }

    /// <summary>Parses and validates a GS1 Digital Link URI.</summary>
    /// <exception cref="Gs1FormatException">The URI is malformed or its data invalid; the error says what and where.</exception>
    public static DigitalLink Parse(string uri) =>
        TryParse(uri, out var link, out var error) ? link : throw new Gs1FormatException(error);

    /// <summary>Parses and validates a GS1 Digital Link URI; <paramref name="error"/> says what is wrong.</summary>
    public static bool TryParse(string? uri, [NotNullWhen(true)] out DigitalLink? link, [NotNullWhen(false)] out Gs1Error? error)
    {
        link = null;
        if (string.IsNullOrWhiteSpace(uri))
        {
            error = Gs1Error.At(Gs1ErrorKind.Empty, null, 0, "The URI is empty.");
            return false;
        }

        var schemeEnd = uri.IndexOf("://", StringComparison.Ordinal);
        var scheme = schemeEnd > 0 ? uri[..schemeEnd] : string.Empty;
        if (!scheme.Equals("https", StringComparison.OrdinalIgnoreCase) && !scheme.Equals("http", StringComparison.OrdinalIgnoreCase))
        {
            error = Malformed("a GS1 Digital Link URI starts with https:// or http://");
            return false;
        }

        var end = uri.IndexOf('#', StringComparison.Ordinal) is var hash and >= 0 ? hash : uri.Length;
        var queryStart = uri.IndexOf('?', schemeEnd) is var q and >= 0 && q < end ? q : end;
        var pathStart = uri.IndexOf('/', schemeEnd + 3) is var p and >= 0 && p < queryStart ? p : queryStart;
        var host = uri[(schemeEnd + 3)..pathStart];
        if (host.Length == 0 || !Uri.TryCreate($"{scheme}://{host}/", UriKind.Absolute, out _))
        {
            error = Malformed($"'{host}' is not a host name");
            return false;
        }

        var segments = uri[pathStart..queryStart].Split('/');
        var count = segments.Length > 1 && segments[^1].Length == 0 ? segments.Length - 1 : segments.Length; // a trailing "/" is tolerated
        Gs1Error? firstError = null;
        for (var i = 1; i < count; i++)
        {
            if (!AiTable.Default.TryGet(segments[i], out var key) || !key.IsDigitalLinkPrimaryKey || (count - i) % 2 != 0)
            {
                continue;
            }

            if (TryParsePath(key, segments.AsSpan(i, count - i), out var elements, out var pathError))
            {
                var prefix = uri[..pathStart] + string.Join('/', segments[..i]);
                return TryParseQuery(uri[Math.Min(queryStart + 1, end)..end], elements, prefix, out link, out error);
            }

            firstError ??= pathError;
        }

        error = firstError ?? Malformed("the path has no GS1 primary key, such as /01/{gtin}");
        return false;
    }

    private static bool TryParsePath(AiDefinition key, ReadOnlySpan<string> segments, out List<AiValue> elements, [NotNullWhen(false)] out Gs1Error? error)
    {
        elements = new List<AiValue>(6);
        if (!TryDecode(segments[1], key.Ai, out var keyValue, out error))
        {
            return false;
        }

        if (key.Ai == "01" && keyValue.Length is 8 or 12 or 13 && keyValue.AsSpan().ContainsOnlyDigits())
        {
            keyValue = keyValue.PadLeft(14, '0');
        }

        elements.Add(new AiValue(key.Ai, keyValue));
        var qualifiers = new List<string>(3);
        for (var i = 2; i < segments.Length; i += 2)
        {
            var qualifier = segments[i];
            qualifiers.Add(qualifier);
            if (!key.DigitalLinkQualifiers!.Any(seq => IsOrderedSubsequence(qualifiers, seq)))
            {
                error = key.DigitalLinkQualifiers!.Any(seq => seq.Contains(qualifier))
                    ? Malformed($"qualifier /{qualifier}/ is out of order after /{key.Ai}/ (the order is {string.Join(" | ", key.DigitalLinkQualifiers!.Select(s => string.Join(", ", s)))})")
                    : Malformed($"/{qualifier}/ is not a key qualifier of (/{key.Ai}/)");
                return false;
            }

            if (!TryDecode(segments[i + 1], segments[i], out var value, out error))
            {
                return false;
            }

            elements.Add(new AiValue(segments[i], value));
        }

        error = null;
        return true;
    }

    private static bool TryParseQuery(string query, List<AiValue> elements, string prefix, [NotNullWhen(true)] out DigitalLink? link, [NotNullWhen(false)] out Gs1Error? error)
    {
        link = null;
        var others = new List<KeyValuePair<string, string>>();
        foreach (var pair in query.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var name = eq >= 0 ? pair[..eq] : pair;
            var raw = eq >= 0 ? pair[(eq + 1)..] : string.Empty;
            if (name.Length > 0 && name.AsSpan().ContainsOnlyDigits())
            {
                if (!AiTable.Default.TryGet(name, out var definition))
                {
                    error = Gs1Error.At(Gs1ErrorKind.UnknownAi, null, 0, $"query parameter {name} is not a GS1 Application Identifier");
                    return false;
                }

                if (!definition.DigitalLinkAttribute)
                {
                    error = Malformed($"({name}) cannot be a Digital Link data attribute (query parameter)");
                    return false;
                }

                if (!TryDecode(raw, name, out var value, out error))
                {
                    return false;
                }

                elements.Add(new AiValue(name, value));
            }
            else
            {
                if (!TryDecode(name, null, out var decodedName, out error) || !TryDecode(raw, null, out var decodedValue, out error))
                {
                    return false;
                }

                others.Add(new(decodedName, decodedValue));
            }
        }

        if (!ElementString.TryCreate(elements, out var data, out error))
        {
            return false;
        }

        link = new DigitalLink(prefix, data, others);
        return true;
    }

    private static bool IsOrderedSubsequence(List<string> given, IReadOnlyList<string> sequence)
    {
        var at = 0;
        foreach (var q in given)
        {
            while (at < sequence.Count && sequence[at] != q)
            {
                at++;
            }

            if (at == sequence.Count)
            {
                return false;
            }

            at++;
        }

        return true;
    }

    private static bool TryNormalizePrefix(string domainOrPrefix, [NotNullWhen(true)] out string? prefix, [NotNullWhen(false)] out Gs1Error? error)
    {
        ArgumentNullException.ThrowIfNull(domainOrPrefix);
        prefix = domainOrPrefix.Contains("://", StringComparison.Ordinal) ? domainOrPrefix.TrimEnd('/') : "https://" + domainOrPrefix.TrimEnd('/');
        if (!Uri.TryCreate(prefix, UriKind.Absolute, out var parsed) || (parsed.Scheme != Uri.UriSchemeHttps && parsed.Scheme != Uri.UriSchemeHttp)
            || parsed.Query.Length > 0 || parsed.Fragment.Length > 0 || prefix.Any(char.IsWhiteSpace))
        {
            error = new Gs1Error(Gs1ErrorKind.MalformedDigitalLink, null, 0,
                $"'{domainOrPrefix}' is not a domain or an http(s) URI prefix.");
            prefix = null;
            return false;
        }

        error = null;
        return true;
    }

    private static string Encode(string value)
    {
        // Most values (digits, plain serials) need no escape: no copy then.
        if (!value.AsSpan().ContainsAnyExcept(Unreserved))
        {
            return value;
        }

        var sb = new StringBuilder(value.Length + 8);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            if (char.IsAsciiLetterOrDigit((char)b) || b is (byte)'-' or (byte)'.' or (byte)'_' or (byte)'~')
            {
                sb.Append((char)b);
            }
            else
            {
                sb.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return sb.ToString();
    }

    private static bool TryDecode(string raw, string? ai, [NotNullWhen(true)] out string? value, [NotNullWhen(false)] out Gs1Error? error)
    {
        // ASCII without escapes decodes to itself (each char is one UTF-8 byte): no copy then.
        if (Ascii.IsValid(raw) && !raw.Contains('%', StringComparison.Ordinal))
        {
            value = raw;
            error = null;
            return true;
        }

        var bytes = new List<byte>(raw.Length);
        for (var i = 0; i < raw.Length; i++)
        {
            if (raw[i] != '%')
            {
                bytes.Add((byte)raw[i]);
                continue;
            }

            if (i + 2 >= raw.Length || !char.IsAsciiHexDigit(raw[i + 1]) || !char.IsAsciiHexDigit(raw[i + 2]))
            {
                value = null;
                error = Gs1Error.At(Gs1ErrorKind.MalformedDigitalLink, ai, 0, $"'%' in '{raw}' must start a two-hex-digit escape");
                return false;
            }

            bytes.Add(Convert.ToByte(raw.Substring(i + 1, 2), 16));
            i += 2;
        }

        value = Encoding.UTF8.GetString(bytes.ToArray());
        error = null;
        return true;
    }

    // The characters a value keeps as they are (RFC 3986 unreserved); every other one is percent-encoded.
    private static readonly System.Buffers.SearchValues<char> Unreserved =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~");

    private static Gs1Error Malformed(string detail) =>
        new(Gs1ErrorKind.MalformedDigitalLink, null, 0, "Not a valid GS1 Digital Link URI: " + detail + ".");
}
