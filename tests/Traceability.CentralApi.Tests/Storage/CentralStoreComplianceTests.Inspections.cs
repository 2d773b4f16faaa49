using Traceability.CentralApi.Codes;
using Traceability.CentralApi.Inspections;
using Traceability.CentralApi.Storage;

namespace Traceability.CentralApi.Tests.Storage;

/// <summary>Inspection findings and their photos, the same on every database.</summary>
public abstract partial class CentralStoreComplianceTests
{
    private static readonly DateTimeOffset InspectedFrom = new DateTimeOffset(2026, 12, 3, 10, 0, 0, TimeSpan.FromHours(8)).AddTicks(7);

    private IInspectionStore Inspections => (IInspectionStore)Store;

    [Fact]
    public async Task A_finding_and_its_photo_read_back_as_stored_with_the_alert_set_later()
    {
        byte[] photo = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 1, 2, 255, 0, 254];
        var finding = Finding("S1", InspectedFrom, "GD-1", diversion: true) with
        {
            Photo = new InspectionPhotoInfo("image/png", photo.Length, InspectionArguments.Sha256(photo)),
        };
        var plain = Finding("S2", InspectedFrom.AddMinutes(1), null, diversion: false) with { CodeStatus = CodeCheckStatus.Forged, Finding = InspectionFinding.CounterfeitSuspicion };
        await Inspections.AddInspectionAsync(finding, photo);
        await Inspections.AddInspectionAsync(plain, null);
        var alertId = Guid.CreateVersion7();

        Assert.True(await Inspections.SetInspectionAlertAsync(finding.InspectionId, alertId));
        Assert.False(await Inspections.SetInspectionAlertAsync(Guid.NewGuid(), alertId));

        var read = await Inspections.GetInspectionAsync(finding.InspectionId);
        Assert.NotNull(read);
        Assert.Equal(["CN-440000", "CN-310000"], read.DealerRegions);
        Assert.Equal(
            finding with { InspectedAt = EventBatch.Stored(finding.InspectedAt), AlertId = alertId, DealerRegions = read.DealerRegions },
            read);
        var readPlain = (await Inspections.GetInspectionAsync(plain.InspectionId))!;
        Assert.Equal((null, false, null, CodeCheckStatus.Forged, InspectionFinding.CounterfeitSuspicion), (readPlain.DealerId, readPlain.Diversion, readPlain.Photo, readPlain.CodeStatus, readPlain.Finding));
        Assert.Empty(readPlain.DealerRegions);
        var stored = await Inspections.GetInspectionPhotoAsync(finding.InspectionId);
        Assert.Equal("image/png", stored!.ContentType);
        Assert.Equal(photo, stored.Bytes);
        Assert.Null(await Inspections.GetInspectionPhotoAsync(plain.InspectionId));
        Assert.Null(await Inspections.GetInspectionAsync(Guid.NewGuid()));
    }

    [Fact]
    public async Task A_finding_with_a_photo_that_disagrees_with_its_description_or_a_reused_id_stores_nothing()
    {
        byte[] photo = [0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3];
        var finding = Finding("S1", InspectedFrom, "GD-1", diversion: false);

        await Assert.ThrowsAnyAsync<ArgumentException>(() => Inspections.AddInspectionAsync(finding, photo));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Inspections.AddInspectionAsync(
            finding with { Photo = new InspectionPhotoInfo("image/jpeg", photo.Length, new string('0', 64)) }, photo));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Inspections.AddInspectionAsync(finding with { StoreName = " " }, null));
        Assert.Null(await Inspections.GetInspectionAsync(finding.InspectionId));

        await Inspections.AddInspectionAsync(finding, null);
        await Assert.ThrowsAsync<InvalidOperationException>(() => Inspections.AddInspectionAsync(finding with { StoreName = "Other" }, null));
        Assert.Equal("Store", (await Inspections.GetInspectionAsync(finding.InspectionId))!.StoreName);
    }

    [Fact]
    public async Task Findings_list_newest_first_by_dealer_and_time_and_count_per_dealer_in_one_query()
    {
        var findings = new[]
        {
            Finding("S1", InspectedFrom, "GD-1", diversion: true),
            Finding("S2", InspectedFrom.AddHours(1), "GD-1", diversion: false),
            Finding("S3", InspectedFrom.AddHours(2), "SH-1", diversion: true),
            Finding("S4", InspectedFrom.AddHours(3), "GD-1", diversion: true),
            Finding("S5", InspectedFrom.AddHours(4), null, diversion: false) with { Finding = InspectionFinding.UnknownSerial },
            Finding("S6", InspectedFrom.AddDays(2), "SH-1", diversion: true),
        };
        foreach (var f in findings.Reverse())
        {
            await Inspections.AddInspectionAsync(f, null);
        }

        var all = await Inspections.ListInspectionsAsync(new InspectionQuery(null, null, null, 100));
        var gd = await Inspections.ListInspectionsAsync(new InspectionQuery("GD-1", InspectedFrom.AddMinutes(30), null, 100));
        var window = await Inspections.ListInspectionsAsync(new InspectionQuery(null, InspectedFrom.AddHours(1), InspectedFrom.AddHours(4), 2));

        Assert.Equal(["S6", "S5", "S4", "S3", "S2", "S1"], all.Inspections.Select(f => f.Serial));
        Assert.Null(all.Next);
        Assert.Equal(["S4", "S2"], gd.Inspections.Select(f => f.Serial));
        Assert.Equal(["S4", "S3"], window.Inspections.Select(f => f.Serial));
        Assert.Equal(new InspectionPosition(EventBatch.Stored(findings[2].InspectedAt), findings[2].InspectionId), window.Next);
        var rest = await Inspections.ListInspectionsAsync(new InspectionQuery(null, InspectedFrom.AddHours(1), InspectedFrom.AddHours(4), 2, window.Next));
        Assert.Equal(["S2"], rest.Inspections.Select(f => f.Serial));
        Assert.Null(rest.Next);

        var counts = await Inspections.CountInspectionsByDealerAsync(null, InspectedFrom.AddDays(1));
        Assert.Equal(
            [new DealerInspectionCount("GD-1", 3, 2, EventBatch.Stored(findings[3].InspectedAt)), new DealerInspectionCount("SH-1", 1, 1, EventBatch.Stored(findings[2].InspectedAt))],
            counts);
        var later = await Inspections.CountInspectionsByDealerAsync(InspectedFrom.AddHours(3), null);
        Assert.Equal([("GD-1", 1L, 1L), ("SH-1", 1L, 1L)], later.Select(c => (c.DealerId, c.Inspections, c.Diversions)));
    }

    private static InspectionRecord Finding(string serial, DateTimeOffset at, string? dealer, bool diversion) => new(
        Guid.CreateVersion7(at),
        at,
        "inspector-wang",
        $"(01){Gtin}(21){serial}(8030)T1.sig",
        CodeCheckStatus.Genuine,
        Gtin,
        serial,
        dealer is null ? InspectionFinding.NotShipped : diversion ? InspectionFinding.Diversion : InspectionFinding.Authorized,
        "CN-330100",
        "Store",
        dealer,
        dealer is null ? [] : ["CN-440000", "CN-310000"],
        dealer is null ? null : Guid.NewGuid(),
        diversion,
        null,
        null);
}
