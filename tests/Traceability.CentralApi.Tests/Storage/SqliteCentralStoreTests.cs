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
}
