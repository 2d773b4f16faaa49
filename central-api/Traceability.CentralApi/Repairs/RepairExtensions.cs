using Traceability.CentralApi.Storage;

namespace Traceability.CentralApi.Repairs;

/// <summary>Composition of repairs.</summary>
public static class RepairExtensions
{
    /// <summary>Registers the repair log (the central store).</summary>
    public static IHostApplicationBuilder AddRepairs(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton(sp => (IRepairLog)sp.GetRequiredService<ICentralStore>());
        return builder;
    }
}
