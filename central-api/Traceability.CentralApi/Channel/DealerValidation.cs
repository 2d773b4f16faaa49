using System.Globalization;
using System.Text.RegularExpressions;
using Traceability.CentralApi.Storage;
using Traceability.Core.Regions;

namespace Traceability.CentralApi.Channel;

/// <summary>The rules of <c>POST /api/dealers</c> (docs/channel.md), by field.</summary>
internal static partial class DealerValidation
{
    public const int MaxNameLength = 200;

    public const int MaxRegions = 500;

    /// <summary>Checks what the request says by itself; the parent's part comes from <see cref="CheckAgainstParent"/>.</summary>
    public static bool TryRead(DealerRequest request, RegionTree tree, out DealerLevel level, out List<RegionCode> regions, out Dictionary<string, string[]> errors)
    {
        errors = [];
        level = default;
        regions = [];
        if (request.Id is not { } id || !DealerId().IsMatch(id))
        {
            errors["id"] = [$"'{request.Id}' is not a dealer id: 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit."];
        }

        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > MaxNameLength)
        {
            errors["name"] = [string.Create(CultureInfo.InvariantCulture, $"A dealer needs a name of 1 to {MaxNameLength} characters.")];
        }

        if (request.Level is not { } number || !Enum.IsDefined((DealerLevel)number))
        {
            errors["level"] = [$"'{request.Level}' is not a level: 1 distributor (under the brand), 2 dealer (under a distributor), 3 store (under a dealer)."];
        }
        else
        {
            level = (DealerLevel)number;
            if (level == DealerLevel.Distributor && request.ParentId is not null)
            {
                errors["parentId"] = ["A distributor (level 1) is under the brand: leave parentId out."];
            }
            else if (level != DealerLevel.Distributor && string.IsNullOrWhiteSpace(request.ParentId))
            {
                errors["parentId"] = [$"A level-{number} {Name(level)} needs the id of the dealer above it."];
            }
        }

        if (request.Regions is null || request.Regions.Count == 0 || request.Regions.Count > MaxRegions)
        {
            errors["regions"] = [string.Create(CultureInfo.InvariantCulture, $"Name 1 to {MaxRegions} region codes the dealer may sell in (e.g. CN-440000).")];
        }
        else
        {
            for (var i = 0; i < request.Regions.Count; i++)
            {
                var field = string.Create(CultureInfo.InvariantCulture, $"regions[{i}]");
                if (!RegionCode.TryParse(request.Regions[i], out var code, out var reason))
                {
                    errors[field] = [reason];
                }
                else if (code.Kind == RegionKind.Custom && !tree.IsRegistered(code))
                {
                    errors[field] = [$"'{code}' is a custom region the region tree does not know."];
                }
                else
                {
                    regions.Add(code);
                }
            }
        }

        return errors.Count == 0;
    }

    /// <summary>A sub-dealer's level is one below its parent's, and each of its regions lies inside one of its parent's.</summary>
    public static Dictionary<string, string[]> CheckAgainstParent(DealerRecord parent, DealerLevel level, IReadOnlyList<RegionCode> regions, RegionTree tree)
    {
        var errors = new Dictionary<string, string[]>();
        if ((int)level != (int)parent.Level + 1)
        {
            errors["level"] = [string.Create(CultureInfo.InvariantCulture, $"Parent '{parent.Id}' is a level-{(int)parent.Level} {Name(parent.Level)}; a dealer under it is level {(int)parent.Level + 1}.")];
        }

        var parentRegions = parent.Regions.Select(RegionCode.Parse).ToList();
        for (var i = 0; i < regions.Count; i++)
        {
            if (!parentRegions.Any(p => tree.Contains(p, regions[i])))
            {
                errors[string.Create(CultureInfo.InvariantCulture, $"regions[{i}]")] =
                    [$"'{regions[i]}' is outside the regions of parent '{parent.Id}' ({string.Join(", ", parent.Regions)})."];
            }
        }

        return errors;
    }

    public static string Name(DealerLevel level) => level switch
    {
        DealerLevel.Distributor => "distributor",
        DealerLevel.Dealer => "dealer",
        _ => "store",
    };

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex DealerId();
}
