namespace Traceability.CentralApi.Resolver;

/// <summary>Registration of the GS1 resolver's options and its description file.</summary>
public static class ResolverExtensions
{
    public static IHostApplicationBuilder AddCentralResolver(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddResolver(builder.Configuration);
        return builder;
    }

    public static IEndpointRouteBuilder MapCentralResolver(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapResolverDescription();
        endpoints.MapResolverEndpoints();
        return endpoints;
    }
}
