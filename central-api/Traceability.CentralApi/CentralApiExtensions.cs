using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Traceability.CentralApi.Grpc;
using Traceability.CentralApi.Storage;
using Traceability.CentralApi.WorkOrders;

namespace Traceability.CentralApi;

/// <summary>Composition of central-api: what Program.cs calls.</summary>
public static class CentralApiExtensions
{
    /// <summary>Registers storage (validated at start, migrated before serving), gRPC and health checks.</summary>
    public static IHostApplicationBuilder AddCentralApi(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<StorageOptions>()
            .Bind(builder.Configuration.GetSection(StorageOptions.Section))
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<StorageOptions>, StorageOptionsValidator>();
        builder.Services.TryAddSingletonTimeProvider();
        builder.Services.AddSingleton<ICentralStore>(sp => CreateStore(
            sp.GetRequiredService<IOptions<StorageOptions>>().Value,
            sp.GetRequiredService<IHostEnvironment>(),
            sp.GetRequiredService<TimeProvider>()));
        builder.Services.AddHostedService<StorageMigrationService>();
        builder.Services.AddGrpc();
        builder.Services.AddProblemDetails();
        builder.Services.AddHealthChecks();
        return builder;
    }

    /// <summary>Maps the gRPC service, the work-order REST endpoints and <c>/healthz</c>.</summary>
    public static WebApplication MapCentralApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGrpcService<LineSyncService>();
        app.MapWorkOrderEndpoints();
        app.MapHealthChecks("/healthz");
        return app;
    }

    private static void TryAddSingletonTimeProvider(this IServiceCollection services)
    {
        if (!services.Any(d => d.ServiceType == typeof(TimeProvider)))
        {
            services.AddSingleton(TimeProvider.System);
        }
    }

    private static ICentralStore CreateStore(StorageOptions options, IHostEnvironment environment, TimeProvider time)
    {
        if (options.Provider == StorageProvider.Postgres)
        {
            return new PostgresCentralStore(options.ConnectionString!, time);
        }

        var connectionString = options.ConnectionString;
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            var folder = Path.Combine(environment.ContentRootPath, "data");
            connectionString = new SqliteConnectionStringBuilder { DataSource = Path.Combine(folder, "central.db") }.ToString();
        }

        // A relative file is relative to the content root (not the working directory), and SQLite creates the file
        // but not its folder.
        var sqlite = new SqliteConnectionStringBuilder(connectionString);
        if (sqlite.DataSource is { Length: > 0 } dataSource && dataSource != ":memory:")
        {
            sqlite.DataSource = Path.GetFullPath(dataSource, environment.ContentRootPath);
            Directory.CreateDirectory(Path.GetDirectoryName(sqlite.DataSource)!);
            connectionString = sqlite.ToString();
        }

        return new SqliteCentralStore(connectionString, time);
    }
}
