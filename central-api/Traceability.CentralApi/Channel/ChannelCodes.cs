using System.Globalization;
using Traceability.CentralApi.Storage;
using Traceability.Core.Gs1;

namespace Traceability.CentralApi.Channel;

/// <summary>
/// The codes a channel step names, as scanned: a GS1 Digital Link URI, a raw element string (with GS separators and an
/// optional symbology identifier) or a bracketed one. Each must carry an SSCC (00) or a GTIN with a serial (01)+(21);
/// anything else is refused naming <c>codes[i]</c>. Duplicates (the same unit or SSCC twice) count once.
/// </summary>
internal sealed class ChannelCodes
{
    /// <summary>The most codes one request may name (a pallet is one code; its units are not counted here).</summary>
    public const int MaxCodes = 10_000;

    private readonly Dictionary<UnitKey, string> _units = [];
    private readonly Dictionary<string, string> _ssccs = new(StringComparer.Ordinal);

    public IReadOnlyList<UnitKey> Units => [.. _units.Keys];

    public IReadOnlyList<string> Ssccs => [.. _ssccs.Keys];

    /// <summary>The units and SSCCs, or the problems by field (<c>codes</c>, <c>codes[i]</c>).</summary>
    public static bool TryParse(IReadOnlyList<string?>? codes, out ChannelCodes parsed, out Dictionary<string, string[]> errors)
    {
        parsed = new ChannelCodes();
        errors = [];
        if (codes is null || codes.Count == 0)
        {
            errors["codes"] = ["Name at least one scanned code: an SSCC or a unit (GTIN and serial)."];
            return false;
        }

        if (codes.Count > MaxCodes)
        {
            errors["codes"] = [string.Create(CultureInfo.InvariantCulture, $"{codes.Count} codes; at most {MaxCodes} per request (a pallet's SSCC stands for all its units).")];
            return false;
        }

        for (var i = 0; i < codes.Count; i++)
        {
            var field = string.Create(CultureInfo.InvariantCulture, $"codes[{i}]");
            var code = codes[i];
            if (!ScannedCode.TryParse(code?.Trim(), out var data, out var error))
            {
                errors[field] = [$"'{code}' is not a GS1 code: {error.Message}"];
                continue;
            }

            if (data["00"] is { } sscc)
            {
                parsed._ssccs.TryAdd(sscc, code!);
            }
            else if (data["01"] is { } gtin && data["21"] is { } serial)
            {
                parsed._units.TryAdd(new UnitKey(gtin, serial), code!);
            }
            else
            {
                errors[field] = [$"'{code}' names neither a container (SSCC, AI 00) nor a unit (GTIN and serial, AI 01 and 21)."];
            }
        }

        return errors.Count == 0;
    }

    /// <summary>How the caller wrote a unit, or its bracketed element string when it came inside a container.</summary>
    public string Describe(UnitKey unit) => _units.TryGetValue(unit, out var code) ? code : $"(01){unit.Gtin}(21){unit.Serial}";

    /// <summary>How the caller wrote an SSCC.</summary>
    public string Describe(string sscc) => _ssccs.TryGetValue(sscc, out var code) ? code : $"(00){sscc}";
}
