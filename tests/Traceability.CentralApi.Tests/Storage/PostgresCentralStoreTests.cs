using Npgsql;
using Traceability.CentralApi.Storage;
using Traceability.CentralApi.Storage.Migrations;

namespace Traceability.CentralApi.Tests.Storage;

/// <summary>Needs PostgreSQL (TRACEABILITY_TEST_POSTGRES, which .ci/run sets); fails, not skips, without it. Each test gets fresh databases.</summary>
public sealed class PostgresCentralStoreTests : CentralStoreComplianceTests
{
    private readonly List<string> _databases = [];

    protected override int MigrationCount => Migration.For("postgres").Count;

    protected override async Task<string> CreateDatabaseAsync()
    {
        var name = $"traceability_test_{Guid.NewGuid():N}";
        await AdminAsync($"CREATE DATABASE {name};");
        _databases.Add(name);
        return name;
    }

    protected override ICentralStore Open(string database) => new PostgresCentralStore(TestDatabases.Postgres(database));

    protected override async Task DropDatabasesAsync()
    {
        foreach (var name in _databases)
        {
            await AdminAsync($"DROP DATABASE IF EXISTS {name} WITH (FORCE);");
        }
    }

    private static async Task AdminAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(TestDatabases.PostgresServer());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
