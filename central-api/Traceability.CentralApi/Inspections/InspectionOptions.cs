using Microsoft.Extensions.Options;

namespace Traceability.CentralApi.Inspections;

/// <summary>Market inspections (section <c>Inspections</c>).</summary>
public sealed class InspectionOptions
{
    public const string Section = "Inspections";

    /// <summary>The largest photo limit accepted: photos are kept in the database and sent back in one response.</summary>
    public const int MaxPhotoLimit = 20 * 1024 * 1024;

    /// <summary>The largest photo accepted, in bytes after base64 decoding (1 KiB to 20 MiB; 5 MiB by default).</summary>
    public int MaxPhotoBytes { get; set; } = 5 * 1024 * 1024;

    /// <summary>The IANA time zone whose calendar day bounds alert dedup ("same inspector, same unit, same day"); Asia/Shanghai by default.</summary>
    public string TimeZone { get; set; } = "Asia/Shanghai";
}

internal sealed class InspectionOptionsValidator : IValidateOptions<InspectionOptions>
{
    public ValidateOptionsResult Validate(string? name, InspectionOptions options)
    {
        var failures = new List<string>();
        if (options.MaxPhotoBytes is < 1024 or > InspectionOptions.MaxPhotoLimit)
        {
            failures.Add($"Inspections:MaxPhotoBytes is {options.MaxPhotoBytes}; it must be 1024 to {InspectionOptions.MaxPhotoLimit} bytes.");
        }

        if (string.IsNullOrWhiteSpace(options.TimeZone) || !TimeZoneInfo.TryFindSystemTimeZoneById(options.TimeZone, out _))
        {
            failures.Add($"Inspections:TimeZone '{options.TimeZone}' is not a time zone this machine knows (an IANA id such as Asia/Shanghai).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
