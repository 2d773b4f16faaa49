using System.Data.Common;

namespace Traceability.CentralApi.Storage;

/// <summary>
/// Opens a connection of the store for a read outside any transaction (PostgreSQL: from its data source; SQLite: with
/// its pragmas), so the reads whose SQL both stores share are written once, over <see cref="DbConnection"/>.
/// </summary>
internal delegate Task<DbConnection> ConnectionOpener(CancellationToken cancellationToken);
