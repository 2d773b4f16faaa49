using System.Net;
using Traceability.CentralApi.Alerts;
using Traceability.CentralApi.GeoIp;
using Traceability.CentralApi.Storage;
using Traceability.Core.Lifecycle;
using Traceability.Core.Regions;

namespace Traceability.CentralApi.Activation;

/// <summary>A genuine code's activation, read and checked: what <see cref="ActivationService.ActivateAsync"/> takes.</summary>
public sealed record ActivationInput(string Gtin, string Serial, string AccountId, IPAddress Ip, DateTimeOffset ActivatedAt);

/// <summary>What an activation did: the row stored, whether it is the first, and the alert raised.</summary>
public sealed record ActivationOutcome(ActivationRecord Activation, bool First, Guid? AlertId);

/// <summary>
/// Records activations (docs/activation.md): places the device's IP address in a region, compares it with the regions of
/// the dealer the unit was last shipped to, flags what cannot be trusted, stores the activation (the first is kept,
/// later ones are history) and raises a diversion or unknown-serial alert. Two store calls per request, the subject read
/// and the write (plus an alert write when one is raised); the store runs each together with the same calls of
/// concurrent requests (one statement, one commit per batch: docs/benchmarks.md, "Activation (issue 7)").
/// </summary>
public sealed class ActivationService(
    IActivationStore store, IpRegionResolver regions, RegionTree tree, AlertService alerts, TimeProvider time, ILogger<ActivationService> logger)
{
    /// <summary>The states of a unit, or of its label, that is out of use (decommissioned, scrapped, void).</summary>
    public static bool IsDecommissioned(SerialState state) => state is SerialState.Invalid or SerialState.LabelSampled
        or SerialState.LabelScrapped or SerialState.Sampled or SerialState.Inactive or SerialState.Destroyed;

    /// <summary>Records <paramref name="input"/>, whose code has been verified.</summary>
    public async Task<ActivationOutcome> ActivateAsync(ActivationInput input, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var subject = await store.GetActivationSubjectAsync(input.Gtin, input.Serial, cancellationToken);
        var region = regions.Resolve(input.Ip);
        var flags = Flags(subject, region);
        var dealer = subject?.Dealer;
        var diversion = dealer is not null && region is { } place && !dealer.Regions.Any(r => RegionCode.TryParse(r, out var allowed) && tree.Contains(allowed, place));
        var now = time.GetUtcNow();
        var activation = new ActivationRecord(
            Guid.CreateVersion7(now), input.Gtin, input.Serial, input.AccountId, input.Ip.ToString(), region?.Value, input.ActivatedAt, now,
            flags, diversion, dealer?.Id);
        var first = await store.RecordActivationAsync(activation, cancellationToken);
        ActivationLog.Recorded(logger, activation.ActivationId, input.Gtin, input.Serial, first ? "first" : "history", activation.Region, flags, diversion);

        Guid? alertId = null;
        if (diversion)
        {
            var evidence = new DiversionEvidence(
                new EvidenceUnit(input.Gtin, input.Serial),
                subject!.CaseSscc is { } caseSscc ? new EvidenceContainer(caseSscc) : null,
                subject.PalletSscc is { } pallet ? new EvidenceContainer(pallet) : null,
                subject.ShipmentId is { } shipment ? new EvidenceShipment(shipment.ToString("D"), subject.ShippedAt) : null,
                new EvidenceDealer(dealer!.Id, dealer.Regions),
                new EvidencePlace(activation.Region, "ip", input.ActivatedAt, activation.IpAddress));
            var summary = $"{input.Gtin}/{input.Serial}, shipped to dealer {dealer.Id} ({string.Join(", ", dealer.Regions)}), was activated in {activation.Region}.";
            alertId = (await alerts.RaiseDiversionAsync(evidence, summary, cancellationToken)).Alert.AlertId;
        }
        else if (subject is null)
        {
            var evidence = new UnknownSerialEvidence("activation", activation.ActivationId, input.AccountId, activation.IpAddress, activation.Region, input.ActivatedAt);
            var summary = $"A device activated {input.Gtin}/{input.Serial}, a serial central never allocated (the code's signature verifies).";
            alertId = (await alerts.RaiseUnknownSerialAsync(input.Gtin, input.Serial, summary, evidence, cancellationToken)).Alert.AlertId;
        }

        return new ActivationOutcome(activation, first, alertId);
    }

    private static ActivationConcerns Flags(ActivationSubject? subject, RegionCode? region)
    {
        var flags = region is null ? ActivationConcerns.RegionUnknown : ActivationConcerns.None;
        if (subject is null)
        {
            return flags | ActivationConcerns.UnknownSerial;
        }

        if (subject.Dealer is null)
        {
            flags |= ActivationConcerns.Unshipped;
        }

        if (IsDecommissioned(subject.State))
        {
            flags |= ActivationConcerns.Decommissioned;
        }

        if (subject.RetiredAt is not null)
        {
            flags |= ActivationConcerns.Retired;
        }

        return flags;
    }
}

/// <summary>The evidence of an unknown-serial alert raised by an activation.</summary>
public sealed record UnknownSerialEvidence(string Source, Guid ActivationId, string AccountId, string IpAddress, string? Region, DateTimeOffset ActivatedAt);
