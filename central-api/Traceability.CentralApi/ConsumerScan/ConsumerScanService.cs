using System.Globalization;
using System.Net;
using Microsoft.Extensions.Options;
using Traceability.CentralApi.Alerts;
using Traceability.CentralApi.Codes;
using Traceability.CentralApi.GeoIp;
using Traceability.CentralApi.Resolver;
using Traceability.CentralApi.Storage;
using Traceability.CentralApi.Warranty;
using Traceability.Core.Regions;

namespace Traceability.CentralApi.ConsumerScan;

/// <summary>
/// Judges and counts a consumer's scan of a unit's Digital Link (docs/consumer-scan.md). The DigSig comes first and
/// costs no I/O; a forged code is judged without reading the unit. A scan of a known unit is one read (the unit with its
/// containers, channel state, counter and warranty reads, batched with concurrent scans') and one write
/// (the scan and the counter, group-committed with concurrent scans); a suspicious scan raises one counterfeit alert per unit while
/// that alert is open.
/// </summary>
internal sealed class ConsumerScanService(
    IConsumerScanStore store, WarrantyService warranty, IpRegionResolver regions, RegionTree tree, AlertService alerts,
    TimeProvider time, IOptions<ConsumerScanOptions> options, ILogger<ConsumerScanService> logger)
{
    /// <summary>The reason a code that does not verify gives, or null when it verifies.</summary>
    public static ScanReason? SignatureReason(CodeCheck check) => check.Status switch
    {
        CodeCheckStatus.Genuine => null,
        CodeCheckStatus.NotSigned or CodeCheckStatus.Unreadable or CodeCheckStatus.NotAUnit => new ScanReason(ScanReason.Unsigned, "The code carries no digital signature; the codes on genuine labels do."),
        CodeCheckStatus.UnknownKey => new ScanReason(ScanReason.UnknownKey, "The code's digital signature names a key the manufacturer does not use."),
        _ => new ScanReason(ScanReason.Forged, "The code's digital signature does not match the code: the label was altered or copied."),
    };

    /// <summary>Judges a scan whose signature failed (forged, unknown key): nothing is read; the scan is counted and alerted.</summary>
    public Task<ScanAssessment> JudgeForgedAsync(string gtin, string serial, ScanReason reason, IPAddress? ip, CancellationToken cancellationToken) =>
        FinishAsync(gtin, serial, [reason], ip, soldFor: null, warrantyState: null, known: null, cancellationToken);

    /// <summary>Judges a scan of a serial central never issued.</summary>
    public async Task<ScanAssessment> JudgeUnknownAsync(string gtin, string serial, ScanReason? signature, IPAddress? ip, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var region = ip is null ? null : regions.Resolve(ip);
        List<ScanReason> reasons = [new(ScanReason.UnknownSerial, "The manufacturer never issued this serial number.")];
        if (signature is not null)
        {
            reasons.Add(signature);
        }

        await store.RecordScanAsync(Scan(gtin, serial, now, ip, region, ScanVerdict.Unknown, reasons), cancellationToken);
        var codes = Codes(reasons);
        ConsumerScanLog.Scanned(logger, gtin, serial, ScanVerdict.Unknown, region?.Value, codes);
        return new ScanAssessment(ScanVerdict.Unknown, reasons, region?.Value, null, null, null);
    }

    /// <summary>Reads what a scan of the unit judges from (the unit, its channel state, counter and warranty reads); null for an unknown unit.</summary>
    public Task<ScanSubject?> ReadSubjectAsync(string gtin, string serial, CancellationToken cancellationToken) =>
        store.GetScanSubjectAsync(gtin, serial, cancellationToken);

    /// <summary>Judges a scan of a unit central knows (<paramref name="resolution"/> found it in <paramref name="subject"/>).</summary>
    public async Task<ScanAssessment> JudgeKnownAsync(Resolution resolution, ScanSubject subject, ScanReason? signature, IPAddress? ip, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(resolution);
        ArgumentNullException.ThrowIfNull(subject);
        var unit = resolution.Unit!.Unit;
        var reasons = new List<ScanReason>();
        if (signature is not null)
        {
            reasons.Add(signature);
        }

        if (ConsumerViews.Notice(resolution) is { } notice)
        {
            reasons.Add(new ScanReason(ScanReason.NotGenuine, notice));
        }

        // The channel state and the scan counter, read with the unit.
        var known = subject.State;
        var state = known.Channel;
        if (state is null)
        {
            reasons.Add(new ScanReason(ScanReason.BeforeShipping, "This code was scanned before the manufacturer ever shipped the product it belongs to."));
        }

        // The unit and its warranty reads as read with it: the warranty needs no read of its own.
        var record = new UnitRecord(unit.Gtin, unit.Serial, unit.LineId, unit.State, unit.AllocatedAt, unit.CommissionedAt);
        var warrantyState = Describe(await warranty.DecideAsync(record, subject.Warranty, cancellationToken: cancellationToken));
        return await FinishAsync(unit.Gtin, unit.Serial, reasons, ip, state?.Dealer.Regions, warrantyState, known, cancellationToken);
    }

    // The counter read (unless known, read with the channel state, has it), the scan rules, the one write and the
    // alert: what every scan of a serial goes through.
    private async Task<ScanAssessment> FinishAsync(
        string gtin, string serial, List<ScanReason> reasons, IPAddress? ip, IReadOnlyList<string>? soldFor, ConsumerWarranty? warrantyState,
        ScanSubjectState? known, CancellationToken cancellationToken)
    {
        var rules = options.Value;
        var now = time.GetUtcNow();
        var region = ip is null ? null : regions.Resolve(ip);
        var counter = known is null ? await store.GetScanCounterAsync(gtin, serial, cancellationToken) : known.Counter;
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var todayCount = (counter is not null && counter.Day == today ? counter.DayCount : 0) + 1;
        var total = (counter?.Total ?? 0) + 1;
        if (todayCount > rules.MaxScansPerDay)
        {
            reasons.Add(new ScanReason(ScanReason.TooManyToday, Invariant($"This code was scanned {todayCount} times today; a genuine product's code is scanned at most {rules.MaxScansPerDay} times a day.")));
        }

        if (total > rules.MaxScansTotal)
        {
            reasons.Add(new ScanReason(ScanReason.TooManyTotal, Invariant($"This code was scanned {total} times; a genuine product's code is scanned at most {rules.MaxScansTotal} times.")));
        }

        if (region is { } here && counter is { LastRegion: { } lastText, LastAt: { } lastAt } && RegionCode.TryParse(lastText, out var there)
            && now - lastAt < rules.MinimumTravelTime && !tree.Contains(here, there) && !tree.Contains(there, here))
        {
            var minutes = (int)Math.Max(0, (now - lastAt).TotalMinutes);
            reasons.Add(new ScanReason(ScanReason.ImpossibleTravel, Invariant($"This code was scanned in {there} {minutes} minutes before this scan in {here}; nobody travels that fast (at least {rules.MinimumTravelTime.TotalMinutes:0} minutes).")));
        }

        var verdict = reasons.Count == 0 ? ScanVerdict.Genuine : ScanVerdict.Suspicious;
        await store.RecordScanAsync(Scan(gtin, serial, now, ip, region, verdict, reasons), cancellationToken);
        var codes = Codes(reasons);
        ConsumerScanLog.Scanned(logger, gtin, serial, verdict, region?.Value, codes);

        // An unsigned link alone (typed by hand, a shared web link) is not evidence of a copy; everything else is.
        Guid? alertId = null;
        if (reasons.Any(r => r.Code != ScanReason.Unsigned))
        {
            var evidence = new CounterfeitScanEvidence("consumer_scan", gtin, serial, [.. reasons.Select(r => r.Code)], ip?.ToString(), region?.Value, now, total, todayCount, counter?.LastRegion, counter?.LastAt);
            var summary = $"A consumer scan of {gtin}/{serial} looks like a copy: {string.Join("; ", reasons.Select(r => r.Text))}";
            alertId = (await alerts.RaiseAsync(AlertKind.CounterfeitSuspicion, summary, evidence, gtin, serial, $"counterfeit_suspicion:{gtin}:{serial}", cancellationToken)).Alert.AlertId;
        }

        return new ScanAssessment(verdict, reasons, region?.Value, soldFor, warrantyState, alertId);
    }

    private static ConsumerScanRecord Scan(string gtin, string serial, DateTimeOffset now, IPAddress? ip, RegionCode? region, string verdict, List<ScanReason> reasons) =>
        new(Guid.CreateVersion7(now), gtin, serial, now, ip?.ToString(), region?.Value, verdict, [.. reasons.Select(r => r.Code)]);

    private static ConsumerWarranty Describe(WarrantyDecision? decision) => decision switch
    {
        null => new ConsumerWarranty("not_started", "The warranty has not started: the product has not been sold yet.", null),
        { Expired: true } d => new ConsumerWarranty("expired", Invariant($"The warranty ended on {d.End:yyyy-MM-dd}."), d.End),
        { } d => new ConsumerWarranty("active", Invariant($"Under warranty until {d.End:yyyy-MM-dd}."), d.End),
    };

    private static string Codes(IEnumerable<ScanReason> reasons) => string.Join(',', reasons.Select(r => r.Code));

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

/// <summary>The evidence of a counterfeit-suspicion alert raised by a consumer scan.</summary>
internal sealed record CounterfeitScanEvidence(
    string Source, string Gtin, string Serial, IReadOnlyList<string> Reasons, string? IpAddress, string? Region, DateTimeOffset ScannedAt,
    long Scans, int ScansToday, string? PreviousRegion, DateTimeOffset? PreviousScanAt);

internal static partial class ConsumerScanLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Consumer scan of {Gtin}/{Serial}: {Verdict} in {Region} ({Reasons})")]
    public static partial void Scanned(ILogger logger, string gtin, string serial, string verdict, string? region, string reasons);
}
