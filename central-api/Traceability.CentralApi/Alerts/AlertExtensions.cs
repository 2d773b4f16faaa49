using Microsoft.Extensions.Options;
using Traceability.CentralApi.Alerts.Webhooks;
using Traceability.CentralApi.Storage;

namespace Traceability.CentralApi.Alerts;

/// <summary>Composition of alerts.</summary>
public static class AlertExtensions
{
    /// <summary>
    /// Registers the alert store (the central store), <see cref="AlertService"/> (the internal API that raises alerts),
    /// the webhooks of section <c>Alerts</c> (validated at start) and the deliverer that sends them.
    /// </summary>
    public static IHostApplicationBuilder AddAlerts(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton(sp => (IAlertStore)sp.GetRequiredService<ICentralStore>());
        builder.Services.AddSingleton(sp => (IAlertDeliveryStore)sp.GetRequiredService<ICentralStore>());
        builder.Services.AddOptions<AlertWebhookOptions>()
            .Bind(builder.Configuration.GetSection(AlertWebhookOptions.Section))
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<AlertWebhookOptions>, AlertWebhookOptionsValidator>();
        builder.Services.AddSingleton(sp => new AlertWebhooks(sp.GetRequiredService<IOptions<AlertWebhookOptions>>().Value));
        builder.Services.AddSingleton<AlertDeliverySignal>();
        builder.Services.AddSingleton(sp => new AlertService(
            sp.GetRequiredService<IAlertStore>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<AlertService>>(),
            sp.GetRequiredService<AlertWebhooks>(), sp.GetRequiredService<AlertDeliverySignal>()));

        // The deliverer times each request itself (on the TimeProvider) and does not follow redirects: a signed alert
        // goes to the configured URL or nowhere.
        builder.Services.AddHttpClient(AlertDeliverer.HttpClientName, http => http.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false });
        builder.Services.AddHostedService<AlertDeliverer>();
        return builder;
    }
}
