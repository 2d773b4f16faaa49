using Microsoft.Extensions.Options;
using Traceability.CentralApi.Storage;

namespace Traceability.CentralApi.PriceWatch;

/// <summary>Composition of the price watch.</summary>
public static class PriceWatchExtensions
{
    /// <summary>Binds <see cref="PriceWatchOptions"/> (validated at start), registers the listing store (the central store) and <see cref="PriceWatchService"/>.</summary>
    public static IHostApplicationBuilder AddPriceWatch(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<PriceWatchOptions>()
            .Bind(builder.Configuration.GetSection(PriceWatchOptions.Section))
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<PriceWatchOptions>, PriceWatchOptionsValidator>();
        builder.Services.AddSingleton(sp => (IPriceWatchStore)sp.GetRequiredService<ICentralStore>());
        builder.Services.AddSingleton(sp => new PriceWatchService(
            sp.GetRequiredService<IPriceWatchStore>(), sp.GetRequiredService<IProductCatalog>(), sp.GetRequiredService<IChannelStore>(),
            sp.GetRequiredService<IInspectionStore>(), sp.GetRequiredService<Alerts.AlertService>(), sp.GetRequiredService<IOptions<PriceWatchOptions>>(),
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<PriceWatchService>>()));
        return builder;
    }
}
