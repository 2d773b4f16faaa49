using Traceability.Core.Gs1;

namespace Traceability.Core.Epcis;

/// <summary>
/// One key per identified thing, whatever URI spelled it: EPC URIs (<c>urn:epc:id:…</c>, <c>urn:epc:class:lgtin:…</c>,
/// <c>urn:epc:idpat:sgtin:…*</c>) and GS1 Digital Link URIs on any domain become the constrained canonical Digital Link
/// URI on <c>https://id.gs1.org</c> that the CBV 2.0 event hash uses: no query string, only the finest level of
/// identification (01+21, 01+10, 01, 00, 414+254, 417, 253, …). Anything else (a private URN, a geo: URI, a web
/// address that is not a Digital Link) is its own key, trimmed.
/// </summary>
/// <remarks>
/// Converted EPC schemes: sgtin, sscc, sgln, pgln, gdti, lgtin (class) and the GTIN-level sgtin pattern. Other schemes
/// (grai, giai, gsrn, …) are kept as written, so the same object spelled once as EPC URI and once as Digital Link would
/// get two keys; none of our exports uses them.
/// </remarks>
public static class EpcCanonical
{
    /// <summary>The resolver domain of canonical GS1 Digital Link URIs.</summary>
    public const string Gs1Resolver = "https://id.gs1.org";

    private const string Sgln = "urn:epc:id:sgln:";
    private const string Pgln = "urn:epc:id:pgln:";
    private const string Gdti = "urn:epc:id:gdti:";
    private const string Lgtin = "urn:epc:class:lgtin:";
    private const string SgtinPattern = "urn:epc:idpat:sgtin:";

    // Keys and the qualifiers the constrained canonical form keeps (finest level first).
    private static readonly Dictionary<string, string[][]> Kept = new(StringComparer.Ordinal)
    {
        ["01"] = [["21"], ["10"], ["235"]],
        ["414"] = [["254"]],
        ["8006"] = [["21"], ["10"]],
        ["8010"] = [["8011"]],
    };

    /// <summary>The canonical key of <paramref name="uri"/>; <paramref name="uri"/> trimmed when it is no GS1 identifier.</summary>
    public static string Key(string uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        var trimmed = uri.Trim();
        return TryGs1Key(trimmed) ?? trimmed;
    }

    private static string? TryGs1Key(string uri)
    {
        if (uri.StartsWith("urn:epc:id:sgtin:", StringComparison.Ordinal) || uri.StartsWith("urn:epc:id:sscc:", StringComparison.Ordinal))
        {
            return EpcId.TryParse(uri, out var id, out _) ? id.DigitalLink : null;
        }

        if (uri.StartsWith(Sgln, StringComparison.Ordinal))
        {
            return Split(uri, Sgln, 3) is [var cp, var location, var extension] && KeyDigits(cp, location, 12) is { } gln
                && EpcComponent.TryUnescape(extension, "SGLN extension", out var ext, out _)
                ? Link(ext == "0" ? [new("414", gln)] : [new("414", gln), new("254", ext)])
                : null;
        }

        if (uri.StartsWith(Pgln, StringComparison.Ordinal))
        {
            return Split(uri, Pgln, 2) is [var cp, var party] && KeyDigits(cp, party, 12) is { } gln ? Link(new AiValue("417", gln)) : null;
        }

        if (uri.StartsWith(Gdti, StringComparison.Ordinal))
        {
            return Split(uri, Gdti, 3) is [var cp, var type, var serial] && KeyDigits(cp, type, 12) is { } gdti
                && EpcComponent.TryUnescape(serial, "GDTI serial", out var s, out _)
                ? Link(new AiValue("253", gdti + s))
                : null;
        }

        if (uri.StartsWith(Lgtin, StringComparison.Ordinal))
        {
            return Split(uri, Lgtin, 3) is [var cp, var item, var lot] && Gtin(cp, item) is { } gtin
                && EpcComponent.TryUnescape(lot, "LGTIN lot", out var l, out _)
                ? Link(new AiValue("01", gtin), new AiValue("10", l))
                : null;
        }

        if (uri.StartsWith(SgtinPattern, StringComparison.Ordinal))
        {
            return Split(uri, SgtinPattern, 3) is [var cp, var item, "*"] && Gtin(cp, item) is { } gtin ? Link(new AiValue("01", gtin)) : null;
        }

        if (uri.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || uri.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
        {
            return DigitalLinkKey(uri);
        }

        return null;
    }

    private static string? DigitalLinkKey(string uri)
    {
        if (!DigitalLink.TryParse(uri, out var link, out _))
        {
            return null;
        }

        var key = link.Data.Elements[0];
        var kept = new List<AiValue>(2) { key };
        if (Kept.TryGetValue(key.Ai, out var qualifierChoices))
        {
            foreach (var choice in qualifierChoices)
            {
                if (choice.All(ai => link.Data[ai] is not null))
                {
                    kept.AddRange(choice.Select(ai => new AiValue(ai, link.Data[ai]!)));
                    break;
                }
            }
        }

        return Link([.. kept]);
    }

    private static string? Link(params AiValue[] elements) =>
        ElementString.TryCreate(elements, out var data, out _) && DigitalLink.TryFormat(data, Gs1Resolver, out var uri, out _) ? uri : null;

    private static string[]? Split(string uri, string prefix, int parts)
    {
        var split = uri[prefix.Length..].Split('.');
        return split.Length == parts ? split : null;
    }

    // A 13-digit key (GLN, GDTI) = company prefix + reference + check digit.
    private static string? KeyDigits(string companyPrefix, string reference, int withoutCheck)
    {
        if (!EpcComponent.IsDigits(companyPrefix) || !(reference.Length == 0 || EpcComponent.IsDigits(reference))
            || companyPrefix.Length + reference.Length != withoutCheck)
        {
            return null;
        }

        var body = companyPrefix + reference;
        return body + Mod10.Compute(body);
    }

    private static string? Gtin(string companyPrefix, string indicatorAndItem) =>
        EpcComponent.IsDigits(companyPrefix) && EpcComponent.IsDigits(indicatorAndItem) && companyPrefix.Length + indicatorAndItem.Length == 13
            ? Gs1.Gtin.FromDigitsWithoutCheck(indicatorAndItem[0] + companyPrefix + indicatorAndItem[1..]).Value
            : null;
}
