using Microsoft.Data.Sqlite;
using Traceability.CentralApi.Storage;
using Traceability.CentralApi.Storage.Migrations;
using Traceability.Testing;

namespace Traceability.CentralApi.Tests.Storage;

public sealed class SqliteCentralStoreTests : CentralStoreComplianceTests, IDisposable
{
    private readonly TempDirectory _folder = new();
    private int _databases;

    protected override int MigrationCount => Migration.For("sqlite").Count;

    protected override Task<string> CreateDatabaseAsync() =>
        Task.FromResult(_folder.File($"central-{Interlocked.Increment(ref _databases)}.db"));

    protected override ICentralStore Open(string database) => new SqliteCentralStore(TestDatabases.Sqlite(database));

    // The stores are disposed (their pooled connections closed) before xUnit disposes the folder.
    protected override Task DropDatabasesAsync() => Task.CompletedTask;

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task The_file_is_in_wal_mode_after_migration()
    {
        var path = await CreateDatabaseAsync();
        await using (var store = Open(path))
        {
            await store.MigrateAsync();
        }

        await using var connection = new SqliteConnection(TestDatabases.Sqlite(path));
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode;";
        Assert.Equal("wal", (string?)await command.ExecuteScalarAsync());
    }
}
