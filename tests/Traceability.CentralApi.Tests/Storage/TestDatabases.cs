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

    /// <summary>A SQLite file.</summary>
    public static string Sqlite(string path) => new SqliteConnectionStringBuilder { DataSource = path }.ToString();
}
