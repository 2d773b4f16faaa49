using Microsoft.Data.Sqlite;
using Traceability.CentralApi.Catalog;
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

    [Fact]
    public async Task The_store_checkpoints_the_log_into_the_database_file_on_its_own()
    {
        var path = await CreateDatabaseAsync();
        await using var store = new SqliteCentralStore(TestDatabases.Sqlite(path));
        await store.MigrateAsync();
        await store.UpsertProductAsync(new Product("09506000134352", 7, "W1", "Watch One", 1999.00m, "CNY", new WarrantyPolicy()));

        // Two checkpoints after the write: at least one began after it.
        var after = store.Checkpoints;
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (store.Checkpoints < after + 2)
        {
            await Task.Delay(50, deadline.Token);
        }

        // The database file alone, without its log, already holds the product.
        var copy = path + ".copy";
        File.Copy(path, copy);
        await using var connection = new SqliteConnection(TestDatabases.Sqlite(copy));
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM products WHERE gtin = '09506000134352';";
        Assert.Equal(1L, (long)(await command.ExecuteScalarAsync())!);
    }
}
