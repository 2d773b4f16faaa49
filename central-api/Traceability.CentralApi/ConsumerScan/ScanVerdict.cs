namespace Traceability.CentralApi.ConsumerScan;

/// <summary>What a consumer is told about a scanned unit code.</summary>
internal static class ScanVerdict
{
    /// <summary>The signature verifies, central made the unit, and nothing about its scans is odd.</summary>
    public const string Genuine = "genuine";

    /// <summary>Something is wrong: see the reasons.</summary>
    public const string Suspicious = "suspicious";

    /// <summary>Central never issued the serial.</summary>
    public const string Unknown = "unknown";
}

/// <summary>One reason for a verdict: a stable code for apps and a sentence for people.</summary>
internal sealed record ScanReason(string Code, string Text)
{
    public const string Forged = "signature_invalid";
    public const string UnknownKey = "signature_unknown_key";
    public const string Unsigned = "unsigned";
    public const string NotGenuine = "not_genuine";
    public const string UnknownSerial = "unknown_serial";
    public const string BeforeShipping = "scanned_before_shipping";
    public const string TooManyToday = "too_many_scans_today";
    public const string TooManyTotal = "too_many_scans";
    public const string ImpossibleTravel = "impossible_travel";
}

/// <summary>A unit's warranty as a consumer sees it: active, expired or not started, and its last day.</summary>
internal sealed record ConsumerWarranty(string State, string Text, DateOnly? Until);

/// <summary>What a scan found, for the page and the JSON.</summary>
internal sealed record ScanAssessment(
    string Verdict, IReadOnlyList<ScanReason> Reasons, string? Region, IReadOnlyList<string>? SoldForRegions, ConsumerWarranty? Warranty, Guid? AlertId);
