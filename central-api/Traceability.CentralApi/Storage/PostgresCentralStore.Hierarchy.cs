using Npgsql;
using Traceability.Core.Lifecycle;

namespace Traceability.CentralApi.Storage;

/// <summary>The packing hierarchy on PostgreSQL: each answer is one round trip (the statements go as one batch).</summary>
public sealed partial class PostgresCentralStore : IPackingHierarchy
{
    public async Task<UnitHierarchy?> GetUnitHierarchyAsync(string gtin, string serial, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(gtin);
        ArgumentException.ThrowIfNullOrWhiteSpace(serial);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);

        // Both statements in one implicit transaction (a batch), so they read one snapshot.
        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands = { Statement(HierarchyQueries.Unit), Statement(HierarchyQueries.UnitChain) },
        };
        for (var i = 0; i < batch.BatchCommands.Count; i++)
        {
            batch.BatchCommands[i].Parameters.AddWithValue("gtin", gtin);
            batch.BatchCommands[i].Parameters.AddWithValue("serial", serial);
        }

        // The lookup every scan makes: prepared once per pooled connection, so it is not planned again (planning the
        // recursive chain over partitioned units cost more than running it).
        await batch.PrepareAsync(cancellationToken);
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
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
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                Statement(HierarchyQueries.Container),
                Statement(HierarchyQueries.ContainerChain),
                Statement(HierarchyQueries.Children),
                Statement(HierarchyQueries.UnitCount),
            },
        };
        if (listAllUnits)
        {
            batch.BatchCommands.Add(Statement(HierarchyQueries.UnitList));
            batch.BatchCommands[^1].Parameters.AddWithValue("limit", ContainerContents.MaxListedUnits);
        }

        for (var i = 0; i < batch.BatchCommands.Count; i++)
        {
            batch.BatchCommands[i].Parameters.AddWithValue("sscc", sscc);
        }

        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
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

    private static NpgsqlBatchCommand Statement(string sql) => new(sql);

    private static async Task<List<ContainerRecord>> ReadContainersAsync(NpgsqlDataReader reader, CancellationToken cancellationToken)
    {
        var containers = new List<ContainerRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            containers.Add(new ContainerRecord(
                reader.GetString(0), Text(reader, 1), Instant(reader, 2), (SerialState)reader.GetInt16(3), Text(reader, 4), Text(reader, 5)));
        }

        return containers;
    }
}
