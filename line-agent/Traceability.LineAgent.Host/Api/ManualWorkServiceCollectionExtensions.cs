using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Traceability.Core.Authentication;
using Traceability.LineAgent.Devices.Printers;
using Traceability.LineAgent.Host.Runtime;
using Traceability.LineAgent.Manual;
using Traceability.LineAgent.Pipeline;
using Traceability.LineAgent.Storage;

namespace Traceability.LineAgent.Host.Api;

/// <summary>Registers manual work (reprints, reissues, samples, decommissioning, rework).</summary>
public static class ManualWorkServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="ReprintOptions"/> (section <c>Reprint</c>, validated at start) and <see cref="ManualWork"/>
    /// over the line store, the line's printer (the <see cref="LineRuntime"/>'s, else an <see cref="IPrinter"/> from
    /// DI) and the pipeline's label options (<see cref="PipelineOptions"/>).
    /// </summary>
    public static IServiceCollection AddManualWork(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<ReprintOptions>().Bind(configuration.GetSection(ReprintOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ReprintOptions>, ReprintOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new ManualWork(
            sp.GetRequiredService<LineStore>(),
            sp.GetService<LineRuntime>()?.Printer ?? sp.GetRequiredService<IPrinter>(),
            sp.GetRequiredService<IOptions<PipelineOptions>>().Value,
            sp.GetRequiredService<IOptions<ReprintOptions>>().Value,
            sp.GetService<CodeSigner>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<ManualWork>>()));
        services.AddProblemDetails();
        return services;
    }
}
