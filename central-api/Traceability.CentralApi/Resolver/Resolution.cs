using Traceability.CentralApi.Catalog;
using Traceability.CentralApi.Storage;
using Traceability.CentralApi.Units;
using Traceability.Core.Gs1;

namespace Traceability.CentralApi.Resolver;

/// <summary>What a Digital Link identifies: a unit (serial), a batch (lot), a product (GTIN) or a container (SSCC).</summary>
internal enum SubjectKind
{
    Unit,
    Batch,
    Product,
    Container,
}

/// <summary>One level of the identifier, most specific first: its key and qualifiers, and what to call it.</summary>
internal sealed record LinkLevel(ElementString Key, string Title);

/// <summary>
/// The item a Digital Link names as central knows it, or <see cref="Found"/> false. For a unit, <see cref="Mismatch"/>
/// says when the link's lot or expiry is not what the serial was commissioned with.
/// </summary>
internal sealed record Resolution(
    SubjectKind Kind,
    string Identifier,
    bool Found,
    UnitView? Unit,
    Product? Product,
    Batch? Batch,
    ContainerRecord? Container,
    string? Mismatch,
    IReadOnlyList<LinkLevel> Levels)
{
    /// <summary>Central issued and commissioned this serial and the link agrees with what was printed.</summary>
    public bool Genuine => Unit is { Commissioned: true } && Mismatch is null;

    // readUnit, when given, reads a unit with its containers instead of the hierarchy (a consumer scan reads it with the
    // rest of what it judges from).
    public static async Task<Resolution> LookUpAsync(
        DigitalLink link, IPackingHierarchy hierarchy, IProductCatalog catalog, TimeProvider time,
        Func<string, string, CancellationToken, Task<UnitHierarchy?>>? readUnit, CancellationToken cancellationToken)
    {
        var data = link.Data;
        if (data["00"] is { } sscc)
        {
            var contents = await hierarchy.GetContainerContentsAsync(sscc, listAllUnits: false, cancellationToken);
            var levels = contents is null ? [] : new[] { new LinkLevel(Key(("00", sscc)), $"Logistic unit {sscc}") };
            return new Resolution(SubjectKind.Container, sscc, contents is not null, null, null, null, contents?.Container, null, levels);
        }

        var gtin = data["01"]!;
        var (cpv, lot, serial) = (data["22"], data["10"], data["21"]);
        var product = await catalog.GetProductAsync(gtin, cancellationToken);
        var productName = product is null ? $"GTIN {gtin}" : $"{product.Name} ({product.Model})";
        var batch = lot is null || product is null ? null : await catalog.GetBatchAsync(gtin, lot, cancellationToken);

        // Every level from the link's own up to the GTIN, as far as central knows each (the standard's linkset
        // carries the links of each level up to the primary key).
        var found = new List<LinkLevel>();
        UnitView? unit = null;
        string? mismatch = null;
        if (serial is not null)
        {
            unit = readUnit is null
                ? await UnitView.FindAsync(hierarchy, catalog, time, gtin, serial, cancellationToken)
                : await readUnit(gtin, serial, cancellationToken) is { } read ? await UnitView.OfAsync(read, catalog, time, cancellationToken) : null;
            if (unit is null)
            {
                return new Resolution(SubjectKind.Unit, $"{gtin} {serial}", false, null, product, null, null, null, []);
            }

            mismatch = FindMismatch(unit, lot, data["17"]);
            found.Add(new LinkLevel(Key(("01", gtin), ("22", cpv), ("10", lot), ("21", serial)), $"{productName}, serial {serial}"));
        }

        if (lot is not null && batch is not null)
        {
            found.Add(new LinkLevel(Key(("01", gtin), ("22", cpv), ("10", lot)), $"{productName}, lot {lot}"));
        }

        if (product is not null)
        {
            found.Add(new LinkLevel(Key(("01", gtin)), productName));
        }

        var (kind, identifier, known) = (serial, lot) switch
        {
            (not null, _) => (SubjectKind.Unit, $"{gtin} {serial}", true),
            (null, not null) => (SubjectKind.Batch, $"{gtin} {lot}", batch is not null),
            _ => (SubjectKind.Product, gtin, product is not null),
        };
        return new Resolution(kind, identifier, known, unit, product, batch, null, mismatch, known ? found : []);
    }

    private static string? FindMismatch(UnitView unit, string? lot, string? expiry)
    {
        var details = unit.Unit;
        if (lot is not null && lot != details.Lot)
        {
            return "The lot in the link is not the lot this serial was commissioned with.";
        }

        return expiry is not null && expiry != details.Expiry
            ? "The expiry date in the link is not the one this serial was commissioned with."
            : null;
    }

    private static ElementString Key(params (string Ai, string? Value)[] parts) =>
        ElementString.Create(parts.Where(p => p.Value is not null).Select(p => new AiValue(p.Ai, p.Value!)));
}
