
namespace Traceability.CentralApi.Observability;

/// <summary>Health and line progress.</summary>
public static class ObservabilityExtensions
{
    public const string HealthPath = "/healthz";

    /// <summary>Health checks.</summary>
    public static IHostApplicationBuilder AddCentralObservability(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddHealthChecks();
        return builder;
    }

    /// <summary><c>/healthz</c> (anonymous) and the line progress endpoint (ServiceDesk).</summary>
    public static WebApplication MapCentralObservability(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapHealthChecks(HealthPath).AllowAnonymous();
        app.MapLineProgress();
        return app;
    }
}
