using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using Traceability.CentralApi.Security;

namespace Traceability.CentralApi.Observability;

/// <summary>Health (HTTP and gRPC), metrics and line progress.</summary>
public static class ObservabilityExtensions
{
    public const string HealthPath = "/healthz";
    public const string MetricsPath = "/metrics";
    public const string ServiceName = "traceability-central";

    /// <summary>The storage health check (served over HTTP and gRPC), <see cref="CentralMetrics"/> and the OpenTelemetry Prometheus exporter.</summary>
    public static IHostApplicationBuilder AddCentralObservability(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);

        // The gRPC health service runs the checks when asked (no cache), so both report the same thing at the same time.
        builder.Services.AddGrpcHealthChecks().AddCheck<StorageHealthCheck>(StorageHealthCheck.Name);
        builder.Services.AddSingleton<CentralMetrics>();
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(ServiceName))
            .WithMetrics(metrics => metrics
                .AddMeter(CentralMetrics.MeterName)
                .AddAspNetCoreInstrumentation()

                // No response cache: only admins scrape, and a cached answer would hide what happened just now.
                .AddPrometheusExporter(prometheus => prometheus.ScrapeResponseCacheDurationMilliseconds = 0));
        return builder;
    }

    /// <summary>
    /// <c>/healthz</c> and grpc.health.v1.Health (anonymous, never rate-limited: load balancers poll them),
    /// <c>/metrics</c> (Admin) and the line progress endpoint (ServiceDesk).
    /// </summary>
    public static WebApplication MapCentralObservability(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapHealthChecks(HealthPath).AllowAnonymous().DisableRateLimiting();
        app.MapGrpcHealthChecksService().AllowAnonymous().DisableRateLimiting();
        app.MapPrometheusScrapingEndpoint(MetricsPath).RequireAuthorization(CentralPolicies.Admin);
        app.MapLineProgress();
        return app;
    }
}
