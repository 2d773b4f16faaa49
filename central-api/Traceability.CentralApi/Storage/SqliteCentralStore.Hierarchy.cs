using Microsoft.Data.Sqlite;
using Traceability.Core.Lifecycle;

namespace Traceability.CentralApi.Storage;

/// <summary>The packing hierarchy on SQLite.</summary>
public sealed partial class SqliteCentralStore : IPackingHierarchy
{
    public async Task<UnitHierarchy?> GetUnitHierarchyAsync(string gtin, string serial, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(gtin);
        ArgumentException.ThrowIfNullOrWhiteSpace(serial);
        await using var connection = await OpenAsync(cancellationToken);
        await using var tx = connection.BeginTransaction(deferred: true);
        await using var command = Command(connection, tx, HierarchyQueries.Unit + HierarchyQueries.UnitChain);
        command.Parameters.AddWithValue("@gtin", gtin);
        command.Parameters.AddWithValue("@serial", serial);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        var unit = UnitDetailsRows.Read(reader, 0, gtin, serial);
        await reader.NextResultAsync(cancellationToken);
        return new UnitHierarchy(unit, await ReadContainersAsync(reader, cancellationToken));
    }

    public async Task<ContainerContents?> GetContainerContentsAsync(string sscc, bool listAllUnits, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sscc);
        await using var connection = await OpenAsync(cancellationToken);

        // One read transaction: the parts of the answer come from one snapshot.
        await using var tx = connection.BeginTransaction(deferred: true);
        await using var command = Command(
            connection,
            tx,
            HierarchyQueries.Container + HierarchyQueries.ContainerChain + HierarchyQueries.Children + HierarchyQueries.UnitCount
                + (listAllUnits ? HierarchyQueries.UnitList : ""));
        command.Parameters.AddWithValue("@sscc", sscc);
        command.Parameters.AddWithValue("@limit", ContainerContents.MaxListedUnits);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var self = await ReadContainersAsync(reader, cancellationToken);
        if (self.Count == 0)
        {
            return null;
        }

        await reader.NextResultAsync(cancellationToken);
        var parents = await ReadContainersAsync(reader, cancellationToken);
        await reader.NextResultAsync(cancellationToken);
        var childContainers = new List<string>();
        var childUnits = new List<UnitKey>();
        while (await reader.ReadAsync(cancellationToken))
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

        await reader.NextResultAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var count = reader.GetInt64(0);
        List<UnitKey>? units = null;
        if (listAllUnits)
        {
            await reader.NextResultAsync(cancellationToken);
            units = [];
            while (await reader.ReadAsync(cancellationToken))
            {
                units.Add(new UnitKey(reader.GetString(0), reader.GetString(1)));
            }
        }

        return new ContainerContents(self[0], parents, childContainers, childUnits, count, units);
    }

    private static async Task<List<ContainerRecord>> ReadContainersAsync(SqliteDataReader reader, CancellationToken cancellationToken)
    {
        var containers = new List<ContainerRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            containers.Add(new ContainerRecord(
                reader.GetString(0), Text(reader, 1), Instant(reader, 2), (SerialState)reader.GetInt32(3), Text(reader, 4), Text(reader, 5)));
        }

        return containers;
    }
}
