using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Traceability.CentralApi.Activation;
using Traceability.CentralApi.Alerts;
using Traceability.CentralApi.Catalog;
using Traceability.CentralApi.Codes;
using Traceability.CentralApi.ConsumerScan;

using Traceability.CentralApi.Channel;
using Traceability.CentralApi.Epcis;
using Traceability.CentralApi.GeoIp;
using Traceability.CentralApi.Grpc;
using Traceability.CentralApi.Http;
using Traceability.CentralApi.Inspections;
using Traceability.CentralApi.Observability;
using Traceability.CentralApi.Operations;
using Traceability.CentralApi.PriceWatch;
using Traceability.CentralApi.RateLimiting;
using Traceability.CentralApi.Repairs;
using Traceability.CentralApi.Resolver;
using Traceability.CentralApi.Rewards;
using Traceability.CentralApi.Security;
using Traceability.CentralApi.Storage;
using Traceability.CentralApi.TradeIn;
using Traceability.CentralApi.Units;
using Traceability.CentralApi.Warranty;
using Traceability.CentralApi.WorkOrders;

namespace Traceability.CentralApi;

/// <summary>Composition of central-api: what Program.cs calls.</summary>
public static class CentralApiExtensions
{
    /// <summary>Registers storage (validated at start, migrated before serving), gRPC, security, rate limits, health, metrics.</summary>
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
        builder.Services.AddOptions<CatalogCacheOptions>()
            .Bind(builder.Configuration.GetSection(CatalogCacheOptions.Section))
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<CatalogCacheOptions>, CatalogCacheOptionsValidator>();
        builder.Services.AddSingleton<IProductCatalog>(sp => new CachedProductCatalog(
            (IProductCatalog)sp.GetRequiredService<ICentralStore>(),
            sp.GetRequiredService<IOptions<CatalogCacheOptions>>(),
            sp.GetRequiredService<TimeProvider>()));
        builder.Services.AddSingleton(sp => (IPackingHierarchy)sp.GetRequiredService<ICentralStore>());
        builder.Services.AddHostedService<StorageMigrationService>();
        builder.Services.AddGrpc();
        builder.AddCentralProblemDetails();
        builder.AddCentralSecurity();
        builder.AddCentralRateLimits();
        builder.AddCentralObservability();
        builder.AddCentralResolver();
        builder.AddEpcis();
        builder.AddCodeAuthentication();

        builder.AddGeoIp();
        builder.AddAlerts();
        builder.AddWarranty();
        builder.AddRepairs();

        builder.AddChannel();
        builder.AddInspections();

        builder.AddActivation();
        builder.AddConsumerScan();
        builder.AddRewards();


        builder.AddPriceWatch();

        builder.AddTradeIn();
        builder.AddOperations();
        return builder;
    }

    /// <summary>
    /// The HTTP pipeline (problem details, API keys, rate limits), then the gRPC service, health, metrics, the resolver,
    /// the catalog, units and EPCIS.
    /// </summary>
    public static WebApplication MapCentralApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseCentralHttpPipeline();
        app.MapGrpcService<LineSyncService>().RequireAuthorization(CentralPolicies.Line);
        app.MapCentralObservability();
        app.MapCentralResolver();
        app.MapCatalogEndpoints();
        app.MapUnitEndpoints();
        app.MapEpcisEndpoints();
        app.MapWorkOrderEndpoints();
        app.MapAlertEndpoints();
        app.MapRepairEndpoints();
        app.MapWarrantyEndpoints();

        app.MapChannelEndpoints();
        app.MapInspectionEndpoints();

        app.MapActivationEndpoints();
        app.MapRewardEndpoints();


        app.MapPriceWatchEndpoints();

        app.MapTradeInEndpoints();
        app.MapOperations();
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
