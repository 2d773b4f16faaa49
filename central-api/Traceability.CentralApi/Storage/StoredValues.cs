using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Traceability.CentralApi.Storage;

/// <summary>
/// Columns read the way each store keeps them, so that one row mapping serves both stores. SQLite keeps instants as
/// ISO-8601 text (<see cref="EventBatch.ToSqliteText"/>), dates as <c>yyyy-MM-dd</c> text, amounts as decimal text and
/// lists as JSON arrays; PostgreSQL keeps timestamptz, date, numeric and text[]. GUIDs (text on SQLite), flags (0 or 1 on SQLite) and integers need
/// nothing of their own: the plain <see cref="DbDataReader"/> getters read them on both.
/// </summary>
internal static class StoredValues
{
    public const string SqliteDateFormat = "yyyy-MM-dd";

    public static string? TextOrNull(this DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static Guid? GuidOrNull(this DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetGuid(ordinal);

    public static DateTimeOffset Instant(this DbDataReader reader, int ordinal) => reader is SqliteDataReader
        ? EventBatch.FromSqliteText(reader.GetString(ordinal))
        : new DateTimeOffset(reader.GetFieldValue<DateTime>(ordinal), TimeSpan.Zero);

    public static DateTimeOffset? InstantOrNull(this DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.Instant(ordinal);

    public static DateOnly Date(this DbDataReader reader, int ordinal) => reader is SqliteDataReader
        ? DateOnly.ParseExact(reader.GetString(ordinal), SqliteDateFormat, CultureInfo.InvariantCulture)
        : reader.GetFieldValue<DateOnly>(ordinal);

    public static DateOnly? DateOrNull(this DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.Date(ordinal);

    public static decimal Amount(this DbDataReader reader, int ordinal) => reader is SqliteDataReader
        ? decimal.Parse(reader.GetString(ordinal), NumberStyles.Number, CultureInfo.InvariantCulture)
        : reader.GetDecimal(ordinal);

    public static string[] TextList(this DbDataReader reader, int ordinal) => reader is SqliteDataReader
        ? JsonSerializer.Deserialize<string[]>(reader.GetString(ordinal)) ?? []
        : reader.GetFieldValue<string[]>(ordinal);

    /// <summary>Every row the command returns, each mapped by <paramref name="read"/>.</summary>
    public static async Task<List<T>> ReadAllAsync<T>(this DbCommand command, Func<DbDataReader, T> read, CancellationToken cancellationToken)
    {
        var rows = new List<T>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(read(reader));
        }

        return rows;
    }

    /// <summary>A command on <paramref name="connection"/> (no transaction) for <paramref name="sql"/> with the text parameters <c>@gtin</c> and <c>@serial</c>.</summary>
    public static DbCommand UnitCommand(this DbConnection connection, string sql, string gtin, string serial)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.With("gtin", gtin).With("serial", serial);
    }

    /// <summary>The first row <paramref name="sql"/> returns for the unit (<c>@gtin</c>, <c>@serial</c>), mapped by <paramref name="read"/>; null if none.</summary>
    public static async Task<T?> ReadUnitRowAsync<T>(
        this DbConnection connection, string sql, string gtin, string serial, Func<DbDataReader, T> read, CancellationToken cancellationToken)
        where T : class
    {
        await using var command = connection.UnitCommand(sql, gtin, serial);
        return await command.ReadFirstOrNullAsync(read, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The first row the command returns, mapped by <paramref name="read"/>; null if none.</summary>
    public static async Task<T?> ReadFirstOrNullAsync<T>(this DbCommand command, Func<DbDataReader, T> read, CancellationToken cancellationToken)
        where T : class
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? read(reader) : null;
    }

    /// <summary>
    /// Adds the parameter <c>@<paramref name="name"/></c>: a value both stores keep alike (text, integers; null as
    /// <see cref="DBNull"/>). The name goes unprefixed: Npgsql takes it as it is, Microsoft.Data.Sqlite binds it to
    /// <c>@name</c> (it tries each prefix).
    /// </summary>
    public static DbCommand With(this DbCommand command, string name, object? value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value ?? DBNull.Value;
        command.Parameters.Add(parameter);
        return command;
    }
}
