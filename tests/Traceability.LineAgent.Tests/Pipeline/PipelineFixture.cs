using System.Globalization;
using Traceability.Contracts.Line.V1;
using Traceability.Core.Authentication;
using Traceability.Core.Gs1;
using Traceability.Core.Lifecycle;
using Traceability.Core.Serials;
using Traceability.LineAgent.Pipeline;
using Traceability.LineAgent.Storage;
using Traceability.Testing;

namespace Traceability.LineAgent.Tests.Pipeline;

/// <summary>A line store with one running work order and a pool, plus the checks every pipeline test makes at the end.</summary>
internal sealed class PipelineFixture : IDisposable
{
    public static readonly Gtin Gtin = Gtin.Parse("09506000134352");
    public static readonly OperatorAction Operator = new("op-7", "shift start");

    private readonly TempDirectory _dir = new();
    private readonly CodeSigningKey _key = CodeSigningKey.Create(CodeKeyId.Parse("K1"));

    public PipelineFixture(int quantity = 40, int unitsPerCase = 10, int casesPerPallet = 2, string workOrderId = "WO-1")
    {
        WorkOrderId = workOrderId;
        Store = LineStore.Open(new LineStoreOptions { Path = _dir.File("line.db"), LineId = "line-1" });
        Store.CommitAsync(tx =>
        {
            tx.ReceiveWorkOrder(new WorkOrderSpec(workOrderId, Gtin, "LOT-7", "291231", quantity, unitsPerCase, casesPerPallet));
            tx.ReceiveSerialBlock(new Core.Serials.SerialBlock(Gtin, "B1", [.. Enumerable.Range(0, quantity * 3)
                .Select(i => Serial.Parse("SN" + i.ToString("D6", CultureInfo.InvariantCulture)))]));
            tx.StartWorkOrder(workOrderId, Operator);
        }, CancellationToken.None).GetAwaiter().GetResult();
    }

    public string WorkOrderId { get; }

    /// <summary>Signs unit codes with AI (8030), as a production line does.</summary>
    public CodeSigner Signer => new(_key);

    public LineStore Store { get; }

    public static PipelineOptions Options(TimeSpan? readWindow = null, TimeSpan? deadline = null) => new()
    {
        ReadWindow = readWindow ?? TimeSpan.FromSeconds(3),
        VerdictDeadline = deadline ?? TimeSpan.FromSeconds(4),
        ContainerReadWindow = TimeSpan.FromSeconds(2),
        SsccExtensionDigit = 3,
        CompanyPrefix = "9506000",
        DigitalLinkPrefix = "https://id.example.com",
        UnitTemplate = RepositoryPaths.Combine("label-templates", "templates", "unit.json"),
        CaseTemplate = RepositoryPaths.Combine("label-templates", "templates", "case.json"),
        PalletTemplate = RepositoryPaths.Combine("label-templates", "templates", "pallet.json"),
        Model = "S9 45mm",
        Destination = "DC-1",
    };

    /// <summary>The end-of-run checks: exact reconciliation, one serial per unit, containers complete, the outbox gap-free with one event per fact.</summary>
    public void AssertConsistent(WorkOrderRecord closed)
    {
        var units = Store.UnitsOf(WorkOrderId);
        var counts = Store.CountFromData(WorkOrderId);
        Assert.Equal(counts, closed.Counts);
        Assert.True(counts.IsBalanced, string.Join("; ", counts.Imbalances()));
        Assert.Equal(0, counts.AwaitingVerdict);
        Assert.Equal(0, counts.Unused);
        Assert.Equal(counts.Printed, counts.Verified + counts.Rejected);
        Assert.Equal(counts.Verified, counts.Packed + counts.Samples + counts.Decommissioned + counts.Loose);
        Assert.Equal(0, counts.Loose);
        Assert.Equal(units.Count, units.Select(u => u.Key).Distinct().Count());
        Assert.Equal(units.Count, units.Select(u => u.PlcSequence).Distinct().Count());
        Assert.Equal(counts.Issued, Store.PoolStatus(Gtin).Taken);

        var containers = Store.ContainersOf(WorkOrderId);
        Assert.All(containers, c => Assert.Equal(ContainerState.Closed, c.State));
        var packed = units.Where(u => u.State == SerialState.Commissioned).ToList();
        Assert.All(packed, u => Assert.NotNull(u.CaseSscc));
        Assert.Equal(packed.Count, containers.Where(c => c.Kind == ContainerKind.Case).Sum(c => c.Units.Count));

        var events = ReadOutbox();
        Assert.Equal(Enumerable.Range(1, events.Count).Select(i => (long)i), events.Select(e => e.Sequence));
        Assert.Equal(units.Count(u => u.State is SerialState.Commissioned or SerialState.Inactive), events.Count(e => e.UnitCommissioned is not null));
        Assert.Equal(units.Count(u => u.State == SerialState.LabelScrapped), events.Count(e => e.UnitRejected is not null));
        Assert.Equal(containers.Count, events.Count(e => e.Aggregated is not null));
        Assert.Single(events, e => e.WorkOrderClosed is not null);
        var commissioned = events.Where(e => e.UnitCommissioned is not null).Select(e => e.UnitCommissioned.Unit.Serial).ToList();
        Assert.Equal(commissioned.Count, commissioned.Distinct().Count());
    }

    public List<LineEvent> ReadOutbox() => [.. Store.Outbox.ReadPending(100_000).Select(e => e.ToEvent())];

    public void Dispose()
    {
        _key.Dispose();
        Store.Dispose();
        _dir.Dispose();
    }
}
