using Microsoft.Extensions.Options;

namespace Traceability.CentralApi.GeoIp;

/// <summary>Composition of IP geolocation.</summary>
public static class GeoIpExtensions
{
    /// <summary>Registers <see cref="GeoIpOptions"/> (section <c>GeoIp</c>, checked at start) and <see cref="IpRegionResolver"/>.</summary>
    public static IHostApplicationBuilder AddGeoIp(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<GeoIpOptions>()
            .Bind(builder.Configuration.GetSection(GeoIpOptions.Section))
            .PostConfigure<IHostEnvironment>((options, environment) =>
            {
                if (!string.IsNullOrWhiteSpace(options.Database))
                {
                    options.Database = Path.GetFullPath(options.Database, environment.ContentRootPath);
                }
            })
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<GeoIpOptions>, GeoIpOptionsValidator>();
        builder.Services.AddSingleton<IpRegionResolver>();
        return builder;
    }
}
