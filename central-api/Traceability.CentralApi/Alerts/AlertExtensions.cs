using Traceability.CentralApi.Storage;

namespace Traceability.CentralApi.Alerts;

/// <summary>Composition of alerts.</summary>
public static class AlertExtensions
{
    /// <summary>Registers the alert store (the central store) and <see cref="AlertService"/>, the internal API that raises alerts.</summary>
    public static IHostApplicationBuilder AddAlerts(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton(sp => (IAlertStore)sp.GetRequiredService<ICentralStore>());
        builder.Services.AddSingleton<AlertService>();
        return builder;
    }
}
