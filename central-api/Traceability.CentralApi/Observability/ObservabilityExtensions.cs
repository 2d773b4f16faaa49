
namespace Traceability.CentralApi.Observability;

/// <summary>Health (HTTP and gRPC) and line progress.</summary>
public static class ObservabilityExtensions
{
    public const string HealthPath = "/healthz";

    /// <summary>The storage health check, served over HTTP and gRPC.</summary>
    public static IHostApplicationBuilder AddCentralObservability(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);

        // The gRPC health service runs the checks when asked (no cache), so both report the same thing at the same time.
        builder.Services.AddGrpcHealthChecks().AddCheck<StorageHealthCheck>(StorageHealthCheck.Name);
        return builder;
    }

    /// <summary><c>/healthz</c> and grpc.health.v1.Health (anonymous: load balancers poll them) and the line progress endpoint (ServiceDesk).</summary>
    public static WebApplication MapCentralObservability(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapHealthChecks(HealthPath).AllowAnonymous();
        app.MapGrpcHealthChecksService().AllowAnonymous();
        app.MapLineProgress();
        return app;
    }
}
