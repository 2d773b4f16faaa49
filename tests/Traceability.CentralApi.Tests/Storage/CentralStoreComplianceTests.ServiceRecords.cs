using Traceability.CentralApi.Repairs;
using Traceability.CentralApi.Storage;
using Traceability.CentralApi.Warranty;

namespace Traceability.CentralApi.Tests.Storage;

/// <summary>Repairs and warranty corrections, the same on every database.</summary>
public abstract partial class CentralStoreComplianceTests
{
    private static readonly DateTimeOffset ServiceFrom = new(2026, 12, 1, 2, 0, 0, TimeSpan.FromHours(8));

    private IRepairLog Repairs => (IRepairLog)Store;

    private IWarrantyCorrections Corrections => (IWarrantyCorrections)Store;

    [Fact]
    public async Task A_units_repairs_read_back_oldest_first_with_their_parts_and_other_units_stay_apart()
    {
        var later = Repair("R-2", ServiceFrom.AddDays(20), [new RepairPart("BAT-01", "B123456", "battery"), new RepairPart("SCR-9")]) with
        {
            CompletedAt = ServiceFrom.AddDays(22).AddTicks(3),
        };
        var earlier = Repair("R-1", ServiceFrom, []);
        await Repairs.AddRepairAsync(later);
        await Repairs.AddRepairAsync(earlier);
        await Repairs.AddRepairAsync(Repair("R-x", ServiceFrom, []) with { Serial = "OTHER" });

        var history = await Repairs.ListRepairsAsync(Gtin, "S1");

        Assert.Equal([earlier.RepairId, later.RepairId], history.Select(r => r.RepairId));
        var read = history[1];
        Assert.Equal([new RepairPart("BAT-01", "B123456", "battery"), new RepairPart("SCR-9")], read.Parts);
        Assert.Equal((later.Fault, later.Technician, later.ServiceCentre, later.RecordedBy), (read.Fault, read.Technician, read.ServiceCentre, read.RecordedBy));
        Assert.Equal(EventBatch.Stored(later.ReceivedAt), read.ReceivedAt);
        Assert.Equal(EventBatch.Stored(later.CompletedAt!.Value), read.CompletedAt);
        Assert.Null(history[0].CompletedAt);
        Assert.Empty(await Repairs.ListRepairsAsync(Gtin, "NEVER"));
    }

    [Fact]
    public async Task Warranty_corrections_are_kept_in_order_with_the_start_they_replaced()
    {
        var first = new WarrantyCorrection(Guid.NewGuid(), Gtin, "S1", new DateOnly(2026, 3, 1), "invoice 0001", "desk-a", ServiceFrom, new DateOnly(2026, 5, 1), WarrantyRule.CommissioningGrace);
        var second = first with { CorrectionId = Guid.NewGuid(), InvoiceDate = new DateOnly(2026, 2, 28), Reason = "invoice 0001 misread", CorrectedAt = ServiceFrom.AddHours(1), PreviousStart = first.InvoiceDate, PreviousRule = WarrantyRule.Invoice };
        await Corrections.AddWarrantyCorrectionAsync(second);
        await Corrections.AddWarrantyCorrectionAsync(first);
        await Corrections.AddWarrantyCorrectionAsync(first with { CorrectionId = Guid.NewGuid(), Serial = "OTHER", PreviousStart = null, PreviousRule = null });

        var trail = await Corrections.ListWarrantyCorrectionsAsync(Gtin, "S1");

        Assert.Equal([first with { CorrectedAt = EventBatch.Stored(first.CorrectedAt) }, second with { CorrectedAt = EventBatch.Stored(second.CorrectedAt) }], trail);
        Assert.Null((await Corrections.ListWarrantyCorrectionsAsync(Gtin, "OTHER"))[0].PreviousRule);
    }

    [Fact]
    public async Task A_repair_or_correction_without_its_required_fields_is_refused()
    {
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Repairs.AddRepairAsync(Repair("R", ServiceFrom, []) with { Fault = "" }));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Repairs.AddRepairAsync(Repair("R", ServiceFrom, [new RepairPart(" ")])));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Corrections.AddWarrantyCorrectionAsync(
            new WarrantyCorrection(Guid.NewGuid(), Gtin, "S1", new DateOnly(2026, 3, 1), " ", "desk", ServiceFrom, null, null)));

        Assert.Empty(await Repairs.ListRepairsAsync(Gtin, "S1"));
    }

    private static RepairRecord Repair(string fault, DateTimeOffset receivedAt, IReadOnlyList<RepairPart> parts) => new(
        Guid.NewGuid(), Gtin, "S1", fault, parts, "Li Wei", "Shenzhen Futian SC", receivedAt.AddTicks(5), null, receivedAt.AddHours(1), "servicedesk-key-1");
}
