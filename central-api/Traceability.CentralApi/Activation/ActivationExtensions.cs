using Microsoft.Extensions.Options;
using Traceability.CentralApi.Storage;
using Traceability.CentralApi.Warranty;

namespace Traceability.CentralApi.Activation;

/// <summary>Composition of activation.</summary>
public static class ActivationExtensions
{
    /// <summary>
    /// Registers <see cref="ActivationOptions"/> (section <c>Activation</c>, validated at start), the activation store
    /// (the central store), <see cref="ActivationService"/>, and the warranty facts of activation and of the channel.
    /// </summary>
    public static IHostApplicationBuilder AddActivation(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<ActivationOptions>()
            .Bind(builder.Configuration.GetSection(ActivationOptions.Section))
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<ActivationOptions>, ActivationOptionsValidator>();
        builder.Services.AddSingleton(sp => (IActivationStore)sp.GetRequiredService<ICentralStore>());
        builder.Services.AddSingleton<ActivationService>();
        builder.Services.AddSingleton<IWarrantyFactSource, ActivationWarrantyFacts>();
        builder.Services.AddSingleton<IWarrantyFactSource, Channel.ChannelWarrantyFacts>();
        return builder;
    }
}
