using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Traceability.Core.Gs1;
using Traceability.Core.Serials;

namespace Traceability.Core.Epcis;

/// <summary>
/// An instance identifier as EPCIS carries it: a serialised trade item (<see cref="SgtinId"/>) or a logistic unit
/// (<see cref="SsccId"/>). Two spellings name the same object: the EPC pure-identity URI of the EPC Tag Data Standard
/// (<c>urn:epc:id:sgtin:0614141.107346.2017</c>, which needs the GS1 Company Prefix length) and the GS1 Digital Link URI
/// (<c>https://id.gs1.org/01/10614141073464/21/2017</c>, which EPCIS 2.0 also accepts as an EPC). Equality is by
/// identity, whatever spelling was parsed.
/// </summary>
public abstract record EpcId
{
    private protected EpcId()
    {
    }

    /// <summary>The canonical GS1 Digital Link URI on <c>https://id.gs1.org</c>: the object's spelling-independent key.</summary>
    public abstract string DigitalLink { get; }

    /// <summary>The EPC pure-identity URI, splitting the GS1 key after a company prefix of <paramref name="companyPrefixLength"/> digits.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The length is not 6 to 12.</exception>
    public abstract string ToEpcUri(int companyPrefixLength);

    /// <summary>Parses an SGTIN or SSCC pure-identity URI, or a GS1 Digital Link URI with (01)+(21) or (00) (any domain).</summary>
    /// <exception cref="FormatException">Not such a URI; the message says what is wrong and where.</exception>
    public static EpcId Parse(string uri) =>
        TryParse(uri, out var id, out var error) ? id : throw new FormatException(error);

    /// <summary>Parses an SGTIN or SSCC pure-identity URI, or a GS1 Digital Link URI with (01)+(21) or (00).</summary>
    public static bool TryParse(string? uri, [NotNullWhen(true)] out EpcId? id, [NotNullWhen(false)] out string? error) =>
        TryParse(uri, out id, out _, out error);

    /// <summary>
    /// Parses like <see cref="TryParse(string?, out EpcId?, out string?)"/>; <paramref name="companyPrefixLength"/> is the
    /// length the EPC URI spelled (null for a Digital Link URI, which does not carry it).
    /// </summary>
    public static bool TryParse(
        string? uri, [NotNullWhen(true)] out EpcId? id, out int? companyPrefixLength, [NotNullWhen(false)] out string? error)
    {
        id = null;
        companyPrefixLength = null;
        if (string.IsNullOrWhiteSpace(uri))
        {
            error = "The EPC is empty.";
            return false;
        }

        uri = uri.Trim();
        if (uri.StartsWith(SgtinId.UriPrefix, StringComparison.Ordinal))
        {
            return SgtinId.TryParseUri(uri, out id, out companyPrefixLength, out error);
        }

        if (uri.StartsWith(SsccId.UriPrefix, StringComparison.Ordinal))
        {
            return SsccId.TryParseUri(uri, out id, out companyPrefixLength, out error);
        }

        if (uri.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || uri.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
        {
            return TryParseDigitalLink(uri, out id, out error);
        }

        error = $"'{uri}' is neither an SGTIN/SSCC EPC URI (urn:epc:id:sgtin:…, urn:epc:id:sscc:…) nor a GS1 Digital Link URI (https://…/01/…/21/…).";
        return false;
    }

    /// <summary>The Digital Link URI of <paramref name="elements"/> on id.gs1.org.</summary>
    private protected static string CanonicalLink(params AiValue[] elements) =>
        Gs1.DigitalLink.Format(ElementString.Create(elements), EpcCanonical.Gs1Resolver);

    private protected static void CheckLength(int companyPrefixLength)
    {
        if (companyPrefixLength is < 6 or > 12)
        {
            throw new ArgumentOutOfRangeException(nameof(companyPrefixLength), companyPrefixLength, "A GS1 Company Prefix in an EPC URI has 6 to 12 digits.");
        }
    }

    private static bool TryParseDigitalLink(string uri, [NotNullWhen(true)] out EpcId? id, [NotNullWhen(false)] out string? error)
    {
        id = null;
        if (!Gs1.DigitalLink.TryParse(uri, out var link, out var gs1Error))
        {
            error = $"'{uri}': {gs1Error.Message}";
            return false;
        }

        if (link.Data["00"] is { } sscc)
        {
            id = new SsccId(Sscc.Parse(sscc));
            error = null;
            return true;
        }

        if (link.Data["01"] is { } gtin && link.Data["21"] is { } serial)
        {
            id = new SgtinId(Gtin.Parse(gtin), serial);
            error = null;
            return true;
        }

        error = $"'{uri}' identifies no single object: an instance EPC needs (01) with (21), or (00).";
        return false;
    }
}

/// <summary>A serialised trade item: GTIN + AI (21) serial.</summary>
public sealed record SgtinId : EpcId
{
    internal const string UriPrefix = "urn:epc:id:sgtin:";

    /// <summary>Creates the identifier; the serial must be an AI (21) value (1 to 20 characters of GS1 CSET 82).</summary>
    /// <exception cref="FormatException">The serial is not an AI (21) value.</exception>
    public SgtinId(Gtin gtin, string serial)
    {
        ArgumentNullException.ThrowIfNull(serial);
        Gtin = gtin;
        Serial = Serials.Serial.Parse(serial).Value;
    }

    /// <summary>The trade item's GTIN.</summary>
    public Gtin Gtin { get; }

    /// <summary>The AI (21) serial, unescaped.</summary>
    public string Serial { get; }

    /// <inheritdoc/>
    public override string DigitalLink => CanonicalLink(new AiValue("01", Gtin.Value), new AiValue("21", Serial));

    /// <summary>
    /// <c>urn:epc:id:sgtin:&lt;CompanyPrefix&gt;.&lt;Indicator+ItemRef&gt;.&lt;Serial&gt;</c>: the GTIN without its check digit,
    /// the indicator digit moved in front of the item reference, the serial escaped per the Tag Data Standard.
    /// </summary>
    public override string ToEpcUri(int companyPrefixLength)
    {
        CheckLength(companyPrefixLength);
        var digits = Gtin.Value;
        var companyPrefix = digits.Substring(1, companyPrefixLength);
        var itemReference = digits[0] + digits[(1 + companyPrefixLength)..13];
        return $"{UriPrefix}{companyPrefix}.{itemReference}.{EpcComponent.Escape(Serial)}";
    }

    /// <inheritdoc/>
    public override string ToString() => DigitalLink;

    internal static bool TryParseUri(string uri, [NotNullWhen(true)] out EpcId? id, out int? companyPrefixLength, [NotNullWhen(false)] out string? error)
    {
        id = null;
        companyPrefixLength = null;
        var parts = uri[UriPrefix.Length..].Split('.', 3);
        if (parts.Length != 3)
        {
            error = $"SGTIN URI '{uri}' must have three dot-separated parts after {UriPrefix}: company prefix, indicator + item reference, serial.";
            return false;
        }

        var (companyPrefix, itemReference) = (parts[0], parts[1]);
        if (!EpcComponent.IsDigits(companyPrefix) || companyPrefix.Length is < 6 or > 12)
        {
            error = $"SGTIN URI '{uri}': company prefix '{companyPrefix}' must be 6 to 12 digits.";
            return false;
        }

        if (!EpcComponent.IsDigits(itemReference) || companyPrefix.Length + itemReference.Length != 13)
        {
            error = $"SGTIN URI '{uri}': indicator + item reference '{itemReference}' must be {13 - companyPrefix.Length} digits (13 with the {companyPrefix.Length}-digit company prefix).";
            return false;
        }

        if (!EpcComponent.TryUnescape(parts[2], "SGTIN serial", out var serial, out error))
        {
            error = $"SGTIN URI '{uri}': {error}.";
            return false;
        }

        if (Serials.Serial.FindProblem(serial) is { } problem)
        {
            error = $"SGTIN URI '{uri}': {problem}";
            return false;
        }

        id = new SgtinId(Gtin.FromDigitsWithoutCheck(itemReference[0] + companyPrefix + itemReference[1..]), serial);
        companyPrefixLength = companyPrefix.Length;
        return true;
    }
}

/// <summary>A logistic unit (case, pallet): its SSCC.</summary>
/// <param name="Sscc">The 18-digit SSCC.</param>
public sealed record SsccId(Sscc Sscc) : EpcId
{
    internal const string UriPrefix = "urn:epc:id:sscc:";

    /// <inheritdoc/>
    public override string DigitalLink => CanonicalLink(new AiValue("00", Sscc.Value));

    /// <summary>
    /// <c>urn:epc:id:sscc:&lt;CompanyPrefix&gt;.&lt;Extension+SerialRef&gt;</c>: the SSCC without its check digit, the extension
    /// digit moved in front of the serial reference.
    /// </summary>
    public override string ToEpcUri(int companyPrefixLength)
    {
        CheckLength(companyPrefixLength);
        var digits = Sscc.Value;
        var companyPrefix = digits[1..(1 + companyPrefixLength)];
        var serialReference = digits[0] + digits[(1 + companyPrefixLength)..17];
        return $"{UriPrefix}{companyPrefix}.{serialReference}";
    }

    /// <inheritdoc/>
    public override string ToString() => DigitalLink;

    internal static bool TryParseUri(string uri, [NotNullWhen(true)] out EpcId? id, out int? companyPrefixLength, [NotNullWhen(false)] out string? error)
    {
        id = null;
        companyPrefixLength = null;
        var parts = uri[UriPrefix.Length..].Split('.');
        if (parts.Length != 2)
        {
            error = $"SSCC URI '{uri}' must have two dot-separated parts after {UriPrefix}: company prefix, extension digit + serial reference.";
            return false;
        }

        var (companyPrefix, serialReference) = (parts[0], parts[1]);
        if (!EpcComponent.IsDigits(companyPrefix) || companyPrefix.Length is < 6 or > 12)
        {
            error = $"SSCC URI '{uri}': company prefix '{companyPrefix}' must be 6 to 12 digits.";
            return false;
        }

        if (!EpcComponent.IsDigits(serialReference) || companyPrefix.Length + serialReference.Length != 17)
        {
            error = $"SSCC URI '{uri}': extension digit + serial reference '{serialReference}' must be {17 - companyPrefix.Length} digits (17 with the {companyPrefix.Length}-digit company prefix).";
            return false;
        }

        var body = serialReference[0] + companyPrefix + serialReference[1..];
        id = new SsccId(Sscc.Parse(body + Mod10Digit(body)));
        companyPrefixLength = companyPrefix.Length;
        error = null;
        return true;
    }

    private static char Mod10Digit(string digits) => Gs1.Mod10.Compute(digits);
}
