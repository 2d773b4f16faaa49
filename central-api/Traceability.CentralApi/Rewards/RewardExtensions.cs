using Microsoft.Extensions.Options;
using Traceability.CentralApi.Storage;

namespace Traceability.CentralApi.Rewards;

/// <summary>Composition of scan rewards.</summary>
public static class RewardExtensions
{
    /// <summary>Registers <see cref="RewardOptions"/> (section <c>Rewards</c>, validated at start), the reward store and <see cref="RewardService"/>.</summary>
    public static IHostApplicationBuilder AddRewards(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<RewardOptions>()
            .Bind(builder.Configuration.GetSection(RewardOptions.Section))
            .ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<RewardOptions>, RewardOptionsValidator>();
        builder.Services.AddSingleton(sp => (IRewardStore)sp.GetRequiredService<ICentralStore>());
        builder.Services.AddSingleton<RewardService>();
        return builder;
    }
}
