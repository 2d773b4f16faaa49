using System.Globalization;

namespace Traceability.CentralApi.Storage.Migrations;

/// <summary>One schema migration: a version (the script's number) and its SQL.</summary>
internal sealed record Migration(int Version, string Name, string Sql)
{
    /// <summary>
    /// The ordered migrations of one database, embedded from <c>Storage/Migrations/&lt;database&gt;/NNNN_name.sql</c>.
    /// Released scripts are never edited; a change is a new script with the next number.
    /// </summary>
    public static IReadOnlyList<Migration> For(string database)
    {
        var prefix = $"migrations/{database}/";
        var assembly = typeof(Migration).Assembly;
        var list = new List<Migration>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            if (!resource.StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }

            var name = Path.GetFileNameWithoutExtension(resource[prefix.Length..]);
            var version = int.Parse(name.AsSpan(0, name.IndexOf('_', StringComparison.Ordinal)), NumberStyles.None, CultureInfo.InvariantCulture);
            using var stream = assembly.GetManifestResourceStream(resource)
                ?? throw new InvalidOperationException($"Migration resource {resource} cannot be read.");
            using var reader = new StreamReader(stream);
            list.Add(new Migration(version, name, reader.ReadToEnd()));
        }

        list.Sort((a, b) => a.Version.CompareTo(b.Version));
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i].Version != i + 1)
            {
                throw new InvalidOperationException($"Migrations for {database} must be numbered 1, 2, 3… without gaps; found {list[i].Name} at position {i + 1}.");
            }
        }

        return list;
    }
}
