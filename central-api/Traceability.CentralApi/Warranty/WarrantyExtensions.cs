using Microsoft.Extensions.Options;
using Traceability.CentralApi.Storage;

namespace Traceability.CentralApi.Warranty;

/// <summary>Composition of the warranty module.</summary>
public static class WarrantyExtensions
{
    /// <summary>Registers <see cref="WarrantyOptions"/> (section <c>Warranty</c>, validated at start), corrections and <see cref="WarrantyService"/>.</summary>
    public static IHostApplicationBuilder AddWarranty(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<WarrantyOptions>()
            .Bind(builder.Configuration.GetSection(WarrantyOptions.Section))
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<WarrantyOptions>, WarrantyOptionsValidator>();
        builder.Services.AddSingleton(sp => (IWarrantyCorrections)sp.GetRequiredService<ICentralStore>());
        builder.Services.AddSingleton<WarrantyService>();
        return builder;
    }
}
