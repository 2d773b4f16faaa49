using Npgsql;
using Traceability.CentralApi.Storage;
using Traceability.Testing;

namespace Traceability.Benchmarks;

/// <summary>
/// A fresh central database for one benchmark run: a SQLite file (WAL) in a temp folder, or a new database on the
/// PostgreSQL named by TRACEABILITY_TEST_POSTGRES (the tests' server), dropped at the end.
/// </summary>
internal sealed class CentralBenchmarkDatabase : IAsyncDisposable
{
    private const string PostgresVariable = "TRACEABILITY_TEST_POSTGRES";
    private readonly TempDirectory? _folder;
    private readonly string? _postgresDatabase;

    private CentralBenchmarkDatabase(StorageProvider provider, string connectionString, TempDirectory? folder, string? postgresDatabase)
    {
        Provider = provider;
        ConnectionString = connectionString;
        _folder = folder;
        _postgresDatabase = postgresDatabase;
    }

    public StorageProvider Provider { get; }

    public string ConnectionString { get; }

    public static async Task<CentralBenchmarkDatabase> CreateAsync(StorageProvider provider)
    {
        if (provider == StorageProvider.Sqlite)
        {
            var folder = new TempDirectory();
            return new CentralBenchmarkDatabase(provider, $"Data Source={folder.File("central.db")}", folder, null);
        }

        var name = $"traceability_bench_{Guid.NewGuid():N}";
        await AdminAsync($"CREATE DATABASE {name};");
        var connectionString = new NpgsqlConnectionStringBuilder(Server()) { Database = name }.ToString();
        return new CentralBenchmarkDatabase(provider, connectionString, null, name);
    }

    public ICentralStore OpenStore(int? copyThreshold = null) => Provider == StorageProvider.Sqlite
        ? new SqliteCentralStore(ConnectionString)
        : new PostgresCentralStore(ConnectionString) { CopyThreshold = copyThreshold ?? PostgresCentralStore.DefaultCopyThreshold };

    public async ValueTask DisposeAsync()
    {
        if (_postgresDatabase is not null)
        {
            NpgsqlConnection.ClearAllPools();
            await AdminAsync($"DROP DATABASE IF EXISTS {_postgresDatabase} WITH (FORCE);");
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _folder?.Dispose();
    }

    private static string Server() =>
        Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{PostgresVariable} is not set: the PostgreSQL benchmarks need a server (see docs/benchmarks.md).");

    private static async Task AdminAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(Server());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
