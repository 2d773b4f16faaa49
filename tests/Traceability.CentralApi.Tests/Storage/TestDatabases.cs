using Microsoft.Data.Sqlite;
using Npgsql;

namespace Traceability.CentralApi.Tests.Storage;

/// <summary>The one place tests get connection strings from.</summary>
internal static class TestDatabases
{
    public const string PostgresVariable = "TRACEABILITY_TEST_POSTGRES";

    /// <summary>The server's maintenance connection (from <see cref="PostgresVariable"/>); fails, never skips, when unset.</summary>
    public static string PostgresServer() =>
        Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{PostgresVariable} is not set, so the PostgreSQL tests cannot run. Run .ci/run (it starts a throwaway "
                + $"PostgreSQL on port 55432 and sets {PostgresVariable}), or start one yourself and export "
                + $"{PostgresVariable}='Host=127.0.0.1;Port=55432;Username=postgres;Database=postgres'.");

    /// <summary>The same server, another database.</summary>
    public static string Postgres(string database) =>
        new NpgsqlConnectionStringBuilder(PostgresServer()) { Database = database }.ToString();

    /// <summary>Creates a fresh, empty PostgreSQL database on the test server and returns its name.</summary>
    public static async Task<string> CreatePostgresDatabaseAsync()
    {
        var name = $"traceability_test_{Guid.NewGuid():N}";
        await PostgresAdminAsync($"CREATE DATABASE {name};");
        return name;
    }

    /// <summary>Drops a database <see cref="CreatePostgresDatabaseAsync"/> made, even with connections still open.</summary>
    public static Task DropPostgresDatabaseAsync(string name) => PostgresAdminAsync($"DROP DATABASE IF EXISTS {name} WITH (FORCE);");

    private static async Task PostgresAdminAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(PostgresServer());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>A SQLite file.</summary>
    public static string Sqlite(string path) => new SqliteConnectionStringBuilder { DataSource = path }.ToString();
}
