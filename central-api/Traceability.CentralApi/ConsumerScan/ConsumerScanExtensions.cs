using Microsoft.Extensions.Options;
using Traceability.CentralApi.Storage;

namespace Traceability.CentralApi.ConsumerScan;

/// <summary>Composition of consumer scans (the resolver's unit pages call <see cref="ConsumerScanService"/>).</summary>
public static class ConsumerScanExtensions
{
    /// <summary>Registers <see cref="ConsumerScanOptions"/> (section <c>ConsumerScan</c>, validated at start), the scan store and the service.</summary>
    public static IHostApplicationBuilder AddConsumerScan(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<ConsumerScanOptions>()
            .Bind(builder.Configuration.GetSection(ConsumerScanOptions.Section))
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<ConsumerScanOptions>, ConsumerScanOptionsValidator>();
        builder.Services.AddSingleton(sp => (IConsumerScanStore)sp.GetRequiredService<ICentralStore>());
        builder.Services.AddSingleton<ConsumerScanService>();
        return builder;
    }
}
