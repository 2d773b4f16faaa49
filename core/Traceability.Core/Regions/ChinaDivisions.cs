namespace Traceability.Core.Regions;

/// <summary>
/// China's 34 provincial-level divisions: administrative division code (GB/T 2260, first two digits), ISO 3166-2:CN
/// code and English name. Prefecture- and county-level codes are not listed: their parents follow from their digits.
/// </summary>
public static class ChinaDivisions
{
    private static readonly (int Prefix, string Iso, string Name)[] Table =
    [
        (11, "BJ", "Beijing"), (12, "TJ", "Tianjin"), (13, "HE", "Hebei"), (14, "SX", "Shanxi"),
        (15, "NM", "Inner Mongolia"), (21, "LN", "Liaoning"), (22, "JL", "Jilin"), (23, "HL", "Heilongjiang"),
        (31, "SH", "Shanghai"), (32, "JS", "Jiangsu"), (33, "ZJ", "Zhejiang"), (34, "AH", "Anhui"),
        (35, "FJ", "Fujian"), (36, "JX", "Jiangxi"), (37, "SD", "Shandong"), (41, "HA", "Henan"),
        (42, "HB", "Hubei"), (43, "HN", "Hunan"), (44, "GD", "Guangdong"), (45, "GX", "Guangxi"),
        (46, "HI", "Hainan"), (50, "CQ", "Chongqing"), (51, "SC", "Sichuan"), (52, "GZ", "Guizhou"),
        (53, "YN", "Yunnan"), (54, "XZ", "Tibet"), (61, "SN", "Shaanxi"), (62, "GS", "Gansu"),
        (63, "QH", "Qinghai"), (64, "NX", "Ningxia"), (65, "XJ", "Xinjiang"), (71, "TW", "Taiwan"),
        (81, "HK", "Hong Kong"), (82, "MO", "Macao"),
    ];

    private static readonly ChinaProvince?[] ByPrefix = BuildByPrefix();

    private static readonly Dictionary<string, ChinaProvince> ByIsoLetters =
        Table.ToDictionary(t => t.Iso, t => ByPrefix[t.Prefix]!, StringComparer.Ordinal);

    /// <summary>The 34 provincial-level divisions in code order.</summary>
    public static IReadOnlyList<ChinaProvince> Provinces { get; } = ByPrefix.OfType<ChinaProvince>().ToArray();

    /// <summary>The province whose code starts with the two digits <paramref name="prefix"/> (11–82), or null.</summary>
    public static ChinaProvince? FindByPrefix(int prefix) => (uint)prefix < (uint)ByPrefix.Length ? ByPrefix[prefix] : null;

    /// <summary>The province containing <paramref name="code"/> (itself when it is a province), or null outside China's numeric codes.</summary>
    public static ChinaProvince? ProvinceOf(RegionCode code) =>
        code.Kind is RegionKind.ChinaProvince or RegionKind.ChinaPrefecture or RegionKind.ChinaCounty
            ? FindByPrefix(((code.Value[3] - '0') * 10) + (code.Value[4] - '0'))
            : null;

    /// <summary>The province with ISO 3166-2 letters <paramref name="letters"/> ("GD"; upper case), or null.</summary>
    internal static ChinaProvince? FindByIsoLetters(string letters) => ByIsoLetters.GetValueOrDefault(letters);

    private static ChinaProvince?[] BuildByPrefix()
    {
        var byPrefix = new ChinaProvince?[100];
        foreach (var (prefix, iso, name) in Table)
        {
            byPrefix[prefix] = new ChinaProvince(RegionCode.China(prefix * 10000), "CN-" + iso, name);
        }

        return byPrefix;
    }
}
