namespace Traceability.Core.Epcis;

/// <summary>The kinds of standard CBV 2.0 vocabulary an EPCIS event uses.</summary>
public enum CbvKind
{
    /// <summary>Business steps (<c>bizStep</c>), e.g. commissioning.</summary>
    BizStep,

    /// <summary>Dispositions (<c>disposition</c>), e.g. active.</summary>
    Disposition,

    /// <summary>Business transaction types (<c>bizTransactionList[].type</c>), e.g. po.</summary>
    BizTransactionType,

    /// <summary>Source/destination types (<c>sourceList[].type</c>), e.g. owning_party.</summary>
    SourceDestinationType,
}

/// <summary>
/// CBV 2.0 standard vocabulary in its three spellings: the bare name EPCIS 2.0 JSON uses (<c>commissioning</c>), the
/// GS1 Web URI (<c>https://ref.gs1.org/cbv/BizStep-commissioning</c>) and the CBV 1.x URN
/// (<c>urn:epcglobal:cbv:bizstep:commissioning</c>); the compact form <c>cbv:BizStep-commissioning</c> is read too.
/// Values outside the standard list are user vocabulary and pass through unchanged.
/// </summary>
public static class CbvVocabulary
{
    /// <summary>The CBV 2.0 namespace of GS1 Web URIs.</summary>
    public const string WebUriBase = "https://ref.gs1.org/cbv/";

    private static readonly Dictionary<CbvKind, (string Web, string Urn, HashSet<string> Names)> Vocabularies = new()
    {
        [CbvKind.BizStep] = ("BizStep-", "urn:epcglobal:cbv:bizstep:", Names(
            "accepting arriving assembling collecting commissioning consigning creating_class_instance cycle_counting decommissioning "
            + "departing destroying disassembling dispensing encoding entering_exiting holding inspecting installing killing loading other "
            + "packing picking receiving removing repackaging repairing replacing reserving retail_selling shipping staging_outbound "
            + "stock_taking stocking storing transporting unloading unpacking void_shipping sensor_reporting sampling")),
        [CbvKind.Disposition] = ("Disp-", "urn:epcglobal:cbv:disp:", Names(
            "active container_closed damaged destroyed dispensed disposed encoded expired in_progress in_transit inactive "
            + "no_pedigree_match non_sellable_other partially_dispensed recalled reserved retail_sold returned sellable_accessible "
            + "sellable_not_accessible stolen unknown available completeness_verified completeness_inferred conformant container_open "
            + "mismatch_instance mismatch_class mismatch_quantity needs_replacement non_conformant unavailable")),
        [CbvKind.BizTransactionType] = ("BTT-", "urn:epcglobal:cbv:btt:", Names(
            "bol cert desadv inv pedigree po poc prodorder recadv rma testprd testres upevt")),
        [CbvKind.SourceDestinationType] = ("SDT-", "urn:epcglobal:cbv:sdt:", Names("owning_party possessing_party location")),
    };

    /// <summary>The bare standard names of <paramref name="kind"/>.</summary>
    public static IReadOnlyCollection<string> StandardNames(CbvKind kind) => Vocabularies[kind].Names;

    /// <summary>The bare name (<c>commissioning</c>) when <paramref name="value"/> is standard CBV in any spelling, else null.</summary>
    public static string? StandardName(CbvKind kind, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var (web, urn, names) = Vocabularies[kind];
        var v = value.Trim();
        string? candidate =
            v.StartsWith(WebUriBase + web, StringComparison.Ordinal) ? v[(WebUriBase.Length + web.Length)..]
            : v.StartsWith("cbv:" + web, StringComparison.Ordinal) ? v[(4 + web.Length)..]
            : v.StartsWith(urn, StringComparison.Ordinal) ? v[urn.Length..]
            : v;
        return names.Contains(candidate) ? candidate : null;
    }

    /// <summary>The form EPCIS 2.0 JSON writes: the bare name for standard vocabulary, anything else unchanged (trimmed).</summary>
    public static string Compact(CbvKind kind, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return StandardName(kind, value) ?? value.Trim();
    }

    /// <summary>The full URI: the GS1 Web URI for standard vocabulary (the form the CBV 2.0 event hash uses), anything else unchanged.</summary>
    public static string FullUri(CbvKind kind, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return StandardName(kind, value) is { } name ? WebUriBase + Vocabularies[kind].Web + name : value.Trim();
    }

    private static HashSet<string> Names(string list) => new(list.Split(' '), StringComparer.Ordinal);
}
