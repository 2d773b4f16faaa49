using Microsoft.Extensions.Options;

namespace Traceability.CentralApi.Warranty;

/// <summary>How warranty dates are decided (section <c>Warranty</c>).</summary>
public sealed class WarrantyOptions
{
    public const string Section = "Warranty";

    /// <summary>The longest grace period accepted, in days.</summary>
    public const int MaxShipGraceDays = 365;

    /// <summary>Days between the ship date and the warranty start when no sale-out or activation is known (0 to 365).</summary>
    public int ShipGraceDays { get; set; } = 90;

    /// <summary>The IANA time zone whose calendar days count (when a sale at 23:30 happened); Asia/Shanghai by default.</summary>
    public string TimeZone { get; set; } = "Asia/Shanghai";
}

internal sealed class WarrantyOptionsValidator : IValidateOptions<WarrantyOptions>
{
    public ValidateOptionsResult Validate(string? name, WarrantyOptions options)
    {
        var failures = new List<string>();
        if (options.ShipGraceDays is < 0 or > WarrantyOptions.MaxShipGraceDays)
        {
            failures.Add($"Warranty:ShipGraceDays is {options.ShipGraceDays}; it must be 0 to {WarrantyOptions.MaxShipGraceDays} days.");
        }

        if (string.IsNullOrWhiteSpace(options.TimeZone))
        {
            failures.Add("Warranty:TimeZone is empty; name an IANA time zone such as Asia/Shanghai.");
        }
        else if (!TimeZoneInfo.TryFindSystemTimeZoneById(options.TimeZone, out _))
        {
            failures.Add($"Warranty:TimeZone '{options.TimeZone}' is not a time zone this machine knows (an IANA id such as Asia/Shanghai).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
