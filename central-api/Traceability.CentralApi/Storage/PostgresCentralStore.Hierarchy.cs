using Npgsql;

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
        return await HierarchyRows.UnitHierarchyAsync(reader, gtin, serial, cancellationToken);
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
        return await HierarchyRows.ContainerContentsAsync(reader, listAllUnits, cancellationToken);
    }

    private static NpgsqlBatchCommand Statement(string sql) => new(sql);
}
