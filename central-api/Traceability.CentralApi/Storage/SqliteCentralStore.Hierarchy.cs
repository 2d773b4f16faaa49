using Microsoft.Data.Sqlite;

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
        return await HierarchyRows.UnitHierarchyAsync(reader, gtin, serial, cancellationToken);
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
        return await HierarchyRows.ContainerContentsAsync(reader, listAllUnits, cancellationToken);
    }
}
