using Microsoft.Extensions.Options;

namespace Traceability.CentralApi.Storage;

/// <summary>Which database central keeps its records in (section <c>Storage</c>).</summary>
public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>SQLite (default: one file, <c>data/central.db</c> under the content root) or PostgreSQL.</summary>
    public StorageProvider Provider { get; set; } = StorageProvider.Sqlite;

    /// <summary>The provider's connection string; required for PostgreSQL, optional for SQLite.</summary>
    public string? ConnectionString { get; set; }
}

public enum StorageProvider
{
    Sqlite,
    Postgres,
}

internal sealed class StorageOptionsValidator : IValidateOptions<StorageOptions>
{
    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        if (!Enum.IsDefined(options.Provider))
        {
            return ValidateOptionsResult.Fail($"Storage:Provider '{options.Provider}' is not Sqlite or Postgres.");
        }

        if (options.Provider == StorageProvider.Postgres && string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            return ValidateOptionsResult.Fail("Storage:ConnectionString is required when Storage:Provider is Postgres.");
        }

        if (!string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            try
            {
                _ = options.Provider == StorageProvider.Sqlite
                    ? new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(options.ConnectionString).ToString()
                    : new Npgsql.NpgsqlConnectionStringBuilder(options.ConnectionString).ToString();
            }
            catch (ArgumentException ex)
            {
                return ValidateOptionsResult.Fail($"Storage:ConnectionString is not a valid {options.Provider} connection string: {ex.Message}");
            }
        }

        return ValidateOptionsResult.Success;
    }
}

/// <summary>Brings the schema up to date before the app serves anything.</summary>
internal sealed class StorageMigrationService(ICentralStore store, ILogger<StorageMigrationService> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var applied = await store.MigrateAsync(cancellationToken);
        StorageLog.Migrated(logger, applied);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

internal static partial class StorageLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Central storage migrated: {Applied} migration(s) applied")]
    public static partial void Migrated(ILogger logger, int applied);
}
