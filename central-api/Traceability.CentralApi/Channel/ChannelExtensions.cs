using Microsoft.Extensions.DependencyInjection.Extensions;
using Traceability.CentralApi.Storage;
using Traceability.Core.Regions;

namespace Traceability.CentralApi.Channel;

/// <summary>Composition of the sales channel.</summary>
public static class ChannelExtensions
{
    /// <summary>Registers the channel store (the central store), the EPCIS event builder and the region tree (the standard one unless registered before).</summary>
    public static IHostApplicationBuilder AddChannel(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton(sp => (IChannelStore)sp.GetRequiredService<ICentralStore>());
        builder.Services.AddSingleton<ChannelEvents>();
        builder.Services.TryAddSingleton(RegionTree.Standard);
        return builder;
    }
}
