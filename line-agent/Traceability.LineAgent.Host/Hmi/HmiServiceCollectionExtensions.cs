using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Traceability.LineAgent.Host.Hmi;

/// <summary>Registers the operator HMI.</summary>
public static class HmiServiceCollectionExtensions
{
    /// <summary>
    /// Adds the HMI's options (section <c>Hmi</c>, validated at start) and its view of the line. The host registers
    /// the <c>LineStore</c> (required) and, when it runs them, the pipeline, devices and central link.
    /// </summary>
    public static IServiceCollection AddHmi(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<HmiOptions>().Bind(configuration.GetSection(HmiOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<HmiOptions>, HmiOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ILineHmiSource, LineHmiSource>();
        services.TryAddSingleton(sp =>
        {
            var configured = sp.GetRequiredService<IOptions<HmiOptions>>().Value.EngineerPin;
            return EngineerPin.TryParse(configured, out var pin, out var problem)
                ? pin
                : throw new OptionsValidationException(HmiOptions.SectionName, typeof(HmiOptions), [problem]);
        });
        services.AddProblemDetails();
        return services;
    }
}
