using System.Diagnostics.CodeAnalysis;

namespace Traceability.Core.Regions;

/// <summary>
/// Sales regions as a tree: every code's parent is the one it implies (<see cref="RegionCode.ImpliedParent"/>)
/// unless an entry registers another. China's numeric codes work without registration; registration adds names,
/// custom regions (a dealer's "South China" grouping, another country's cities) and groupings between a region and
/// its implied parent. Immutable once built; safe to share between threads.
/// </summary>
public sealed class RegionTree
{
    private readonly Dictionary<RegionCode, RegionEntry> _entries;
    private readonly Dictionary<string, RegionCode[]> _byName;

    private RegionTree(Dictionary<RegionCode, RegionEntry> entries)
    {
        _entries = entries;
        _byName = entries.Values.Select(e => (e.Name, e.Code))
            .Concat(ChinaDivisions.Provinces.Where(p => !entries.ContainsKey(p.Code)).Select(p => (p.Name, p.Code)))
            .GroupBy(e => e.Name, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.Select(e => e.Code).ToArray(), StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>A tree with no registered entries: implied parents and China's province names only.</summary>
    public static RegionTree Standard { get; } = new(new Dictionary<RegionCode, RegionEntry>());

    /// <summary>The registered entries.</summary>
    public IReadOnlyCollection<RegionEntry> Entries => _entries.Values;

    /// <summary>Builds a tree from <paramref name="entries"/>.</summary>
    /// <exception cref="InvalidRegionTreeException">
    /// A code is registered twice, a name is empty, a parent is unknown or outside the implied parent, or parents form
    /// a cycle; <see cref="InvalidRegionTreeException.Problems"/> lists them all.
    /// </exception>
    public static RegionTree Build(IEnumerable<RegionEntry> entries) =>
        TryBuild(entries, out var tree, out var problems) ? tree : throw new InvalidRegionTreeException(problems);

    /// <summary>Builds a tree without throwing; on failure <paramref name="problems"/> lists every problem found.</summary>
    public static bool TryBuild(IEnumerable<RegionEntry> entries, [NotNullWhen(true)] out RegionTree? tree, out IReadOnlyList<string> problems)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var found = new List<string>();
        var map = new Dictionary<RegionCode, RegionEntry>();
        var number = 0;
        foreach (var entry in entries)
        {
            number++;
            if (entry is null || entry.Code.IsDefault)
            {
                found.Add($"Entry {number}: no region code.");
                continue;
            }

            if (string.IsNullOrWhiteSpace(entry.Name))
            {
                found.Add($"{entry.Code} (entry {number}): the name is empty.");
            }

            if (entry.Parent is { IsDefault: true })
            {
                found.Add($"{entry.Code} (entry {number}): the parent is the default region code.");
            }
            else if (entry.Parent == entry.Code)
            {
                found.Add($"{entry.Code} (entry {number}): a region cannot be its own parent.");
            }

            if (!map.TryAdd(entry.Code, entry))
            {
                found.Add($"{entry.Code} (entry {number}): registered twice.");
            }
        }

        if (found.Count == 0)
        {
            var candidate = new RegionTree(map);
            candidate.Check(found);
            tree = found.Count == 0 ? candidate : null;
        }
        else
        {
            tree = null;
        }

        problems = found;
        return tree is not null;
    }

    /// <summary>The parent of <paramref name="code"/>: the registered one, else the one its code implies; null for a country.</summary>
    public RegionCode? Parent(RegionCode code)
    {
        RegionCode.RequireNotDefault(code, nameof(code));
        return _entries.TryGetValue(code, out var entry) && entry.Parent is { } parent ? parent : code.ImpliedParent;
    }

    /// <summary>The regions containing <paramref name="code"/>, nearest first, ending with its country (or with a registered multi-country region above it).</summary>
    public IReadOnlyList<RegionCode> Ancestors(RegionCode code)
    {
        var ancestors = new List<RegionCode>();
        for (var r = Parent(code); r is { } current; r = Parent(current))
        {
            ancestors.Add(current);
        }

        return ancestors;
    }

    /// <summary>True when <paramref name="inner"/> lies inside <paramref name="outer"/> or is it, through registered and implied parents.</summary>
    public bool Contains(RegionCode outer, RegionCode inner)
    {
        RegionCode.RequireNotDefault(outer, nameof(outer));
        for (RegionCode? r = inner; r is { } current; r = Parent(current))
        {
            if (current == outer)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True when <paramref name="code"/> was registered in this tree.</summary>
    public bool IsRegistered(RegionCode code) => _entries.ContainsKey(code);

    /// <summary>The name of <paramref name="code"/>: the registered one, else the built-in English name of a China province.</summary>
    public bool TryGetName(RegionCode code, [NotNullWhen(true)] out string? name)
    {
        RegionCode.RequireNotDefault(code, nameof(code));
        if (_entries.TryGetValue(code, out var entry))
        {
            name = entry.Name;
            return true;
        }

        name = code.Kind == RegionKind.ChinaProvince ? ChinaDivisions.ProvinceOf(code)?.Name : null;
        return name is not null;
    }

    /// <summary>The regions named <paramref name="name"/> (case-insensitive, exact), registered or built in; empty when none.</summary>
    public IReadOnlyList<RegionCode> FindByName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _byName.TryGetValue(name.Trim(), out var codes) ? codes : [];
    }

    private void Check(List<string> problems)
    {
        // Unknown parents: a custom code exists only if registered; standard codes exist without registration.
        foreach (var entry in _entries.Values)
        {
            if (Parent(entry.Code) is { Kind: RegionKind.Custom } parent && !_entries.ContainsKey(parent))
            {
                problems.Add($"{entry.Code}: parent {parent} is a custom region that is not registered.");
            }
        }

        // Cycles: follow parents from each entry; implied parents are strictly shorter, so only registered ones can loop.
        var reported = new HashSet<RegionCode>();
        foreach (var entry in _entries.Values)
        {
            var path = new List<RegionCode>();
            var onPath = new HashSet<RegionCode>();
            for (RegionCode? r = entry.Code; r is { } current; r = Parent(current))
            {
                if (!onPath.Add(current))
                {
                    var members = path.Skip(path.IndexOf(current)).ToArray();
                    if (!members.Any(reported.Contains))
                    {
                        reported.UnionWith(members);
                        problems.Add($"Cycle: {string.Join(" → ", members.Append(current))}.");
                    }

                    break;
                }

                path.Add(current);
            }
        }

        if (problems.Count > 0)
        {
            return;
        }

        // A registered parent may insert groupings, but must stay inside the parent the code implies.
        foreach (var entry in _entries.Values)
        {
            if (entry.Parent is { } declared && entry.Code.ImpliedParent is { } implied && !Contains(implied, declared))
            {
                problems.Add($"{entry.Code}: parent {declared} is not inside {implied}, the parent its code implies.");
            }
        }
    }
}
