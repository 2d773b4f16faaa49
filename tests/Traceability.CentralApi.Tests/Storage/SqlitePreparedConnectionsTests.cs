using Microsoft.Data.Sqlite;
using Traceability.CentralApi.Storage;
using Traceability.Testing;

namespace Traceability.CentralApi.Tests.Storage;

public sealed class SqlitePreparedConnectionsTests : IDisposable
{
    private readonly TempDirectory _folder = new();
    private int _opened;

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task A_kept_connection_is_lent_again_with_its_statement_prepared_and_a_failed_one_is_closed()
    {
        // The batched SQLite paths reuse connections and statements across batches; a batch that failed must not pass
        // its connection (perhaps mid-transaction) to the next one.
        await using var connections = new SqlitePreparedConnections(OpenAsync);
        SqliteConnection first;
        SqliteCommand prepared;
        await using (var lease = await connections.RentAsync(CancellationToken.None))
        {
            first = lease.Connection;
            await using var tx = lease.Connection.BeginTransaction(deferred: true);
            prepared = lease.Prepared("SELECT @a + 1;", tx, ("@a", SqliteType.Integer));
            prepared.Parameters[0].Value = 41;
            Assert.Equal(42L, await prepared.ExecuteScalarAsync());
            await tx.CommitAsync();
            lease.Keep();
        }

        await using (var lease = await connections.RentAsync(CancellationToken.None))
        {
            Assert.Same(first, lease.Connection);
            await using var tx = lease.Connection.BeginTransaction(deferred: true);
            var again = lease.Prepared("SELECT @a + 1;", tx, ("@a", SqliteType.Integer));
            Assert.Same(prepared, again);
            again.Parameters[0].Value = 1;
            Assert.Equal(2L, await again.ExecuteScalarAsync());

            // Not kept: the batch "failed" with its transaction still open.
        }

        Assert.Equal(System.Data.ConnectionState.Closed, first.State);
        await using (var lease = await connections.RentAsync(CancellationToken.None))
        {
            Assert.NotSame(first, lease.Connection);
            Assert.Equal(2, _opened);
        }
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _opened);
        var connection = new SqliteConnection(TestDatabases.Sqlite(_folder.File("prepared.db")));
        await connection.OpenAsync(cancellationToken);
        return connection;
    }
}
