using System.Data.Common;
using Traceability.Core.Lifecycle;

namespace Traceability.CentralApi.Storage;

/// <summary>
/// The result sets of the shared <see cref="HierarchyQueries"/>, read the same way from both stores (each store sends
/// the statements its own way: one batch on PostgreSQL, one command text on SQLite).
/// </summary>
internal static class HierarchyRows
{
    /// <summary>A container row (<see cref="HierarchyQueries.ContainerColumns"/>) from ordinal <paramref name="first"/> on.</summary>
    public static ContainerRecord Container(DbDataReader reader, int first) => new(
        reader.GetString(first),
        reader.TextOrNull(first + 1),
        reader.InstantOrNull(first + 2),
        (SerialState)reader.GetInt16(first + 3),
        reader.TextOrNull(first + 4),
        reader.TextOrNull(first + 5));

    /// <summary>Every container row of the current result set.</summary>
    public static async Task<List<ContainerRecord>> ContainersAsync(DbDataReader reader, CancellationToken cancellationToken)
    {
        var containers = new List<ContainerRecord>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            containers.Add(Container(reader, 0));
        }

        return containers;
    }

    /// <summary>The answer of <see cref="HierarchyQueries.Unit"/> then <see cref="HierarchyQueries.UnitChain"/>; null if there is no such unit.</summary>
    public static async Task<UnitHierarchy?> UnitHierarchyAsync(DbDataReader reader, string gtin, string serial, CancellationToken cancellationToken)
    {
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        var unit = UnitDetailsRows.Read(reader, 0, gtin, serial);
        await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
        return new UnitHierarchy(unit, await ContainersAsync(reader, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>
    /// The answer of <see cref="HierarchyQueries.Container"/>, <see cref="HierarchyQueries.ContainerChain"/>,
    /// <see cref="HierarchyQueries.Children"/>, <see cref="HierarchyQueries.UnitCount"/> and, when
    /// <paramref name="listAllUnits"/>, <see cref="HierarchyQueries.UnitList"/>; null if there is no such container.
    /// </summary>
    public static async Task<ContainerContents?> ContainerContentsAsync(DbDataReader reader, bool listAllUnits, CancellationToken cancellationToken)
    {
        var self = await ContainersAsync(reader, cancellationToken).ConfigureAwait(false);
        if (self.Count == 0)
        {
            return null;
        }

        await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
        var parents = await ContainersAsync(reader, cancellationToken).ConfigureAwait(false);
        await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
        var childContainers = new List<string>();
        var childUnits = new List<UnitKey>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (reader.GetString(0).Length == 0)
            {
                childContainers.Add(reader.GetString(1));
            }
            else
            {
                childUnits.Add(new UnitKey(reader.GetString(0), reader.GetString(1)));
            }
        }

        await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        var count = reader.GetInt64(0);
        List<UnitKey>? units = null;
        if (listAllUnits)
        {
            await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
            units = [];
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                units.Add(new UnitKey(reader.GetString(0), reader.GetString(1)));
            }
        }

        return new ContainerContents(self[0], parents, childContainers, childUnits, count, units);
    }
}
