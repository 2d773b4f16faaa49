using Microsoft.Extensions.Options;

namespace Traceability.CentralApi.Epcis;

/// <summary>EPCIS export, capture and query settings (section <c>Epcis</c>).</summary>
public sealed class EpcisOptions
{
    public const string Section = "Epcis";

    /// <summary>
    /// The GS1 Company Prefix length of SSCCs whose prefix matches no known product's (6 to 12), or null: such SSCCs are
    /// then exported as Digital Link URIs. See docs/epcis.md for how the length is derived first.
    /// </summary>
    public int? SsccCompanyPrefixLength { get; set; }

    /// <summary>
    /// The plant's time zone (IANA id, e.g. <c>Asia/Shanghai</c>): exported events carry its offset at the event's
    /// instant as eventTimeZoneOffset, because lines send instants, not local times. Default UTC.
    /// </summary>
    public string TimeZone { get; set; } = "UTC";

    /// <summary>
    /// The namespace of our extension fields (<c>tr:line</c>, <c>tr:reason</c>), declared in every query document's
    /// context. The default is a placeholder under the reserved <c>.invalid</c> domain; set it to a URI you own.
    /// </summary>
    public string ExtensionNamespace { get; set; } = "https://traceability.invalid/epcis/";

    /// <summary>Events per page when the query gives no perPage (the REST binding's default is 30).</summary>
    public int DefaultPerPage { get; set; } = 30;

    /// <summary>The most events per page a query may ask for.</summary>
    public int MaxPerPage { get; set; } = 1000;

    /// <summary>The most events one capture may carry (GS1-EPCIS-Capture-Limit); more is refused with 413.</summary>
    public int CaptureLimit { get; set; } = 10_000;

    internal TimeZoneInfo Zone => TimeZoneInfo.FindSystemTimeZoneById(TimeZone);
}

internal sealed class EpcisOptionsValidator : IValidateOptions<EpcisOptions>
{
    public ValidateOptionsResult Validate(string? name, EpcisOptions options)
    {
        var failures = new List<string>();
        if (options.SsccCompanyPrefixLength is { } length and (< 6 or > 12))
        {
            failures.Add($"Epcis:SsccCompanyPrefixLength {length} is not 6 to 12 (a GS1 Company Prefix in an EPC URI).");
        }

        try
        {
            _ = options.Zone;
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException or ArgumentException)
        {
            failures.Add($"Epcis:TimeZone '{options.TimeZone}' is not a time zone of this machine (use an IANA id such as Asia/Shanghai): {e.Message}");
        }

        if (!Uri.TryCreate(options.ExtensionNamespace, UriKind.Absolute, out _) || !(options.ExtensionNamespace.EndsWith('/') || options.ExtensionNamespace.EndsWith('#')))
        {
            failures.Add($"Epcis:ExtensionNamespace '{options.ExtensionNamespace}' must be an absolute URI ending in '/' or '#'.");
        }

        if (options.MaxPerPage < 1 || options.DefaultPerPage < 1 || options.DefaultPerPage > options.MaxPerPage)
        {
            failures.Add($"Epcis:DefaultPerPage ({options.DefaultPerPage}) and Epcis:MaxPerPage ({options.MaxPerPage}) must be at least 1, the default not above the maximum.");
        }

        if (options.CaptureLimit < 1)
        {
            failures.Add($"Epcis:CaptureLimit {options.CaptureLimit} must be at least 1.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
