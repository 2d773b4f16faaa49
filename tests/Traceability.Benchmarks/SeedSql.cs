using Microsoft.Data.Sqlite;
using Npgsql;

namespace Traceability.Benchmarks;

/// <summary>
/// What the benchmark seeds (<see cref="HierarchySeed"/>, <see cref="ActivationSeed"/>) do to their databases: run a
/// statement, and read the mark a finished seed leaves, a one-row table holding its unit count.
/// </summary>
internal static class SeedSql
{
    public static async Task Sqlite(SqliteConnection connection, string sql, SqliteTransaction? tx = null)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    public static async Task Postgres(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Whether the SQLite database holds <paramref name="markTable"/> with all <see cref="HierarchySeed.Units"/> (false when it has no such table).</summary>
    public static async Task<bool> SqliteSeededAsync(string connectionString, string markTable)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT units FROM {markTable};";
        try
        {
            return (long?)await command.ExecuteScalarAsync() == HierarchySeed.Units;
        }
        catch (SqliteException)
        {
            return false;
        }
        finally
        {
            SqliteConnection.ClearPool(connection);
        }
    }

    /// <summary>Whether the PostgreSQL database holds <paramref name="markTable"/> with all <see cref="HierarchySeed.Units"/> (false when it has no such table).</summary>
    public static async Task<bool> PostgresSeededAsync(string connectionString, string markTable)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT units FROM {markTable};", connection);
        try
        {
            return (long?)await command.ExecuteScalarAsync() == HierarchySeed.Units;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return false;
        }
        finally
        {
            // The database may be dropped next, which kills pooled connections to it.
            NpgsqlConnection.ClearPool(connection);
        }
    }
}
