using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Traceability.LineAgent.Host.Api;

/// <summary>Registers and maps the agent's HTTP API (work orders and their reports).</summary>
public static class LineApiExtensions
{
    /// <summary>Adds <see cref="LineApiOptions"/> (section <c>LineApi</c>, validated at start). Needs the HMI's services (<c>AddHmi</c>).</summary>
    public static IServiceCollection AddLineApi(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<LineApiOptions>().Bind(configuration.GetSection(LineApiOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<LineApiOptions>, LineApiOptionsValidator>());
        return services;
    }

    /// <summary>Maps <c>/api/work-orders…</c>.</summary>
    public static IEndpointRouteBuilder MapLineApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapWorkOrderApi();
        endpoints.MapWorkOrderReports();
        return endpoints;
    }
}
