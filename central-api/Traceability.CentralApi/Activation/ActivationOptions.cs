using Microsoft.Extensions.Options;

namespace Traceability.CentralApi.Activation;

/// <summary>How activations are accepted (section <c>Activation</c>).</summary>
public sealed class ActivationOptions
{
    public const string Section = "Activation";

    /// <summary>The most a tolerance may be.</summary>
    public static readonly TimeSpan MaxFutureTolerance = TimeSpan.FromDays(1);

    /// <summary>How far after central's clock a device's <c>activatedAt</c> may be (device clocks drift); 15 minutes by default.</summary>
    public TimeSpan FutureTolerance { get; set; } = TimeSpan.FromMinutes(15);
}

internal sealed class ActivationOptionsValidator : IValidateOptions<ActivationOptions>
{
    public ValidateOptionsResult Validate(string? name, ActivationOptions options) =>
        options.FutureTolerance < TimeSpan.Zero || options.FutureTolerance > ActivationOptions.MaxFutureTolerance
            ? ValidateOptionsResult.Fail($"Activation:FutureTolerance is {options.FutureTolerance}; it must be 00:00:00 to {ActivationOptions.MaxFutureTolerance}.")
            : ValidateOptionsResult.Success;
}
