using Microsoft.Extensions.Options;
using Traceability.CentralApi.Storage;

namespace Traceability.CentralApi.Inspections;

/// <summary>Composition of market inspections.</summary>
public static class InspectionExtensions
{
    /// <summary>Binds <see cref="InspectionOptions"/> (validated at start), registers the inspection store (the central store) and <see cref="InspectionService"/>.</summary>
    public static IHostApplicationBuilder AddInspections(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<InspectionOptions>()
            .Bind(builder.Configuration.GetSection(InspectionOptions.Section))
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<InspectionOptions>, InspectionOptionsValidator>();
        builder.Services.AddSingleton(sp => (IInspectionStore)sp.GetRequiredService<ICentralStore>());
        builder.Services.AddSingleton<InspectionService>();
        return builder;
    }
}
