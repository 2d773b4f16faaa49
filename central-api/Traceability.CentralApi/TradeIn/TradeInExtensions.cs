using Microsoft.Extensions.Options;
using Traceability.CentralApi.Storage;

namespace Traceability.CentralApi.TradeIn;

/// <summary>Composition of trade-in.</summary>
public static class TradeInExtensions
{
    /// <summary>Registers <see cref="TradeInOptions"/> (section <c>TradeIn</c>, validated at start), the store and <see cref="TradeInService"/>.</summary>
    public static IHostApplicationBuilder AddTradeIn(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<TradeInOptions>()
            .Bind(builder.Configuration.GetSection(TradeInOptions.Section))
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<TradeInOptions>, TradeInOptionsValidator>();
        builder.Services.AddSingleton(sp => (ITradeInStore)sp.GetRequiredService<ICentralStore>());
        builder.Services.AddSingleton<TradeInService>();
        return builder;
    }
}
