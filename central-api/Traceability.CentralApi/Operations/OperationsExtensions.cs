using Microsoft.Extensions.Options;

namespace Traceability.CentralApi.Operations;

/// <summary>Composition of the brand-operations page.</summary>
public static class OperationsExtensions
{
    /// <summary>
    /// Binds <see cref="OperationsOptions"/> (validated at start) and registers the page's session cookie, its policy
    /// (Admin, by session or API key), antiforgery and the view reader.
    /// </summary>
    public static IHostApplicationBuilder AddOperations(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<OperationsOptions>()
            .Bind(builder.Configuration.GetSection(OperationsOptions.Section))
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<OperationsOptions>, OperationsOptionsValidator>();
        OpsAuthentication.Add(builder.Services);
        builder.Services.AddSingleton<ActivationReportCache>();
        builder.Services.AddSingleton<OpsDashboard>();
        return builder;
    }

    /// <summary>Maps <c>/ops</c>, <c>/ops/sign-in</c>, <c>/ops/sign-out</c>, <c>/ops/alerts/{id}/ack</c>, <c>/ops/dealers/{id}</c> and <c>/ops/units/{gtin}/{serial}</c>.</summary>
    public static IEndpointRouteBuilder MapOperations(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        OpsEndpoints.Map(endpoints);
        return endpoints;
    }
}
