using System.Data.Common;
using System.Globalization;
using Traceability.CentralApi.Storage.Migrations;

namespace Traceability.CentralApi.Storage;

/// <summary>The health query both stores run: the database answers and holds the schema this build needs.</summary>
internal static class StoreHealth
{
    private static readonly Lazy<int> SqliteVersion = new(() => Migration.For("sqlite").Count);
    private static readonly Lazy<int> PostgresVersion = new(() => Migration.For("postgres").Count);

    public static async Task CheckAsync(DbConnection connection, string database, CancellationToken cancellationToken)
    {
        var needed = database == "sqlite" ? SqliteVersion.Value : PostgresVersion.Value;
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COALESCE(MAX(version), 0) FROM schema_version;";

        // A database without the table (never migrated, or the wrong database) throws here, as it should.
        var version = Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
        if (version < needed)
        {
            throw new InvalidOperationException(string.Create(
                CultureInfo.InvariantCulture, $"The {database} schema is at version {version}; this build needs {needed}: not migrated."));
        }
    }
}
