using Traceability.CentralApi.Catalog;
using Traceability.CentralApi.ConsumerScan;
using Traceability.Core.Lifecycle;

namespace Traceability.CentralApi.Resolver;

/// <summary>
/// What a consumer app is told (<c>application/json</c>): whether the code is genuine, the product, state and batch.
/// Never the line, the work order or any internal id.
/// </summary>
internal static class ConsumerViews
{
    public static object For(Resolution r, ScanAssessment? scan = null) => r.Kind switch
    {
        SubjectKind.Unit => new ConsumerUnit(
            r.Unit!.Unit.Gtin,
            r.Unit.Unit.Serial,
            r.Genuine,
            r.Unit.Unit.State.ToString(),
            StateText(r.Unit.Unit.State),
            r.Unit.Unit.CommissionedAt is { } at ? DateOnly.FromDateTime(at.UtcDateTime) : null,
            Summary(r.Product),
            r.Unit.Batch is { } b ? new ConsumerBatch(b.Lot, b.Expiry) : null,
            Notice(r),
            scan?.Verdict,
            scan?.Reasons,
            scan?.SoldForRegions,
            scan?.Warranty),
        SubjectKind.Container => new ConsumerContainer(
            r.Container!.Sscc, true, r.Container.State.ToString(), StateText(r.Container.State),
            r.Container.PackedAt is { } packed ? DateOnly.FromDateTime(packed.UtcDateTime) : null),
        _ => new ConsumerProduct(
            r.Product!.Gtin, r.Product.Model, r.Product.Name, r.Batch is { } batch ? new ConsumerBatch(batch.Lot, batch.Expiry) : null),
    };

    /// <summary>A code whose DigSig failed: only what the link says and the verdict (central read nothing).</summary>
    public static object Forged(string gtin, string serial, ScanAssessment scan) =>
        new ConsumerForgedCode(gtin, serial, false, scan.Verdict, scan.Reasons);

    /// <summary>Why a known serial is not genuine, or null.</summary>
    public static string? Notice(Resolution r) => r.Unit switch
    {
        null => null,
        { Commissioned: false } => "Central issued this serial but it was never commissioned onto a product.",
        _ => r.Mismatch,
    };

    /// <summary>A state in words a consumer understands.</summary>
    public static string StateText(SerialState state) => state switch
    {
        SerialState.Commissioned => "Made; not yet shipped",
        SerialState.Released => "Shipped",
        SerialState.Inactive => "Withdrawn from sale (inactive)",
        SerialState.Destroyed => "Destroyed",
        SerialState.Sampled => "Taken as a quality sample",
        SerialState.LabelScrapped or SerialState.LabelSampled => "Label never applied to a product",
        SerialState.Encoded => "Printed, not applied to a product",
        _ => "Never printed on a product",
    };

    private static ConsumerProductSummary? Summary(Product? p) => p is null ? null : new ConsumerProductSummary(p.Model, p.Name);
}

/// <summary>
/// A serialized unit as a consumer app sees it; a scan (a GET) adds the verdict (genuine, suspicious), its reasons, the
/// regions the unit was sold for (those of the dealer it was last shipped to) and the warranty.
/// </summary>
internal sealed record ConsumerUnit(
    string Gtin, string Serial, bool Genuine, string State, string StateText, DateOnly? CommissionedOn,
    ConsumerProductSummary? Product, ConsumerBatch? Batch, string? Notice,
    string? Verdict, IReadOnlyList<ScanReason>? Reasons, IReadOnlyList<string>? SoldForRegions, ConsumerWarranty? Warranty);

/// <summary>A scanned code whose DigSig failed.</summary>
internal sealed record ConsumerForgedCode(string Gtin, string Serial, bool Genuine, string Verdict, IReadOnlyList<ScanReason> Reasons);

internal sealed record ConsumerProductSummary(string Model, string Name);

internal sealed record ConsumerBatch(string Lot, DateOnly? Expiry);

/// <summary>A product (and batch, when the link names a lot) as a consumer app sees it.</summary>
internal sealed record ConsumerProduct(string Gtin, string Model, string Name, ConsumerBatch? Batch);

/// <summary>A case or pallet: known to central (packed by one of its lines), its state and packing date.</summary>
internal sealed record ConsumerContainer(string Sscc, bool Genuine, string State, string StateText, DateOnly? PackedOn);
