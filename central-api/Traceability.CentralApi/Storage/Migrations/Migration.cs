using System.Data.Common;
using System.Globalization;

namespace Traceability.CentralApi.Storage.Migrations;

/// <summary>One schema migration: a version (the script's number) and its SQL.</summary>
internal sealed record Migration(int Version, string Name, string Sql)
{
    /// <summary>
    /// The ordered migrations of one database, embedded from <c>Storage/Migrations/&lt;database&gt;/NNNN_name.sql</c>.
    /// Released scripts are never edited; a change is a new script with the next number.
    /// </summary>
    public static IReadOnlyList<Migration> For(string database)
    {
        var prefix = $"migrations/{database}/";
        var assembly = typeof(Migration).Assembly;
        var list = new List<Migration>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            if (!resource.StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }

            var name = Path.GetFileNameWithoutExtension(resource[prefix.Length..]);
            var version = int.Parse(name.AsSpan(0, name.IndexOf('_', StringComparison.Ordinal)), NumberStyles.None, CultureInfo.InvariantCulture);
            using var stream = assembly.GetManifestResourceStream(resource)
                ?? throw new InvalidOperationException($"Migration resource {resource} cannot be read.");
            using var reader = new StreamReader(stream);
            list.Add(new Migration(version, name, reader.ReadToEnd()));
        }

        list.Sort((a, b) => a.Version.CompareTo(b.Version));
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i].Version != i + 1)
            {
                throw new InvalidOperationException($"Migrations for {database} must be numbered 1, 2, 3… without gaps; found {list[i].Name} at position {i + 1}.");
            }
        }

        return list;
    }

    /// <summary>
    /// Applies, inside <paramref name="transaction"/>, every migration of <paramref name="database"/> newer than the
    /// highest version in <c>schema_version</c> (which the caller has created), recording each. The same loop for every
    /// database; <paramref name="appliedAt"/> is the time as the database stores it (text on SQLite, UTC DateTime on PostgreSQL).
    /// </summary>
    /// <returns>How many migrations were applied.</returns>
    public static async Task<int> ApplyPendingAsync(
        DbConnection connection, DbTransaction transaction, string database, object appliedAt, CancellationToken cancellationToken)
    {
        long current;
        await using (var read = connection.CreateCommand())
        {
            read.Transaction = transaction;
            read.CommandText = "SELECT COALESCE(MAX(version), 0) FROM schema_version;";
            current = Convert.ToInt64(await read.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
        }

        var applied = 0;
        foreach (var migration in For(database).Where(m => m.Version > current))
        {
            await using (var run = connection.CreateCommand())
            {
                run.Transaction = transaction;
                run.CommandText = migration.Sql;
                await run.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await using var record = connection.CreateCommand();
            record.Transaction = transaction;
            record.CommandText = "INSERT INTO schema_version (version, name, applied_at) VALUES (@v, @n, @t);";
            AddParameter(record, "@v", migration.Version);
            AddParameter(record, "@n", migration.Name);
            AddParameter(record, "@t", appliedAt);
            await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            applied++;
        }

        return applied;
    }

    private static void AddParameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
