using Microsoft.Extensions.Options;
using Traceability.CentralApi.Storage;

namespace Traceability.CentralApi.Epcis;

/// <summary>Composition of the EPCIS part of central-api.</summary>
public static class EpcisExtensions
{
    /// <summary>Registers EPCIS options (section <c>Epcis</c>, validated at start), storage and the query service.</summary>
    public static IHostApplicationBuilder AddEpcis(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<EpcisOptions>()
            .Bind(builder.Configuration.GetSection(EpcisOptions.Section))
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<EpcisOptions>, EpcisOptionsValidator>();
        builder.Services.AddSingleton(sp => (IEpcisStore)sp.GetRequiredService<ICentralStore>());
        builder.Services.AddSingleton<EpcisEventQueryService>();
        return builder;
    }
}
