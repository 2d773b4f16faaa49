using Traceability.Core.Gs1;
using Traceability.Core.Lifecycle;
using Traceability.LineAgent.Pipeline;
using Traceability.LineAgent.Storage;
using Traceability.Testing;

namespace Traceability.LineAgent.Tests.Pipeline;

/// <summary>The pipeline's matching and bookkeeping with in-memory devices at the device interfaces.</summary>
public sealed class LinePipelineTests : IDisposable
{
    private readonly PipelineFixture _line = new(quantity: 6, unitsPerCase: 3, casesPerPallet: 2);

    public void Dispose() => _line.Dispose();

    [Fact]
    public async Task Reads_are_matched_by_content_so_a_buffered_label_a_misread_and_a_no_read_shift_no_verdict()
    {
        // The field failure this pins: pairing the n-th read with the n-th unit. After a label stays buffered, every
        // later read lands on the wrong unit. Here the reads come back out of order, with a misread and a no-read.
        await using var plc = new InProcessPlc();
        await using var reader = new InProcessReader();
        await using var printer = new InProcessPrinter();
        await using var pipeline = new LinePipeline(_line.Store, plc, printer, reader, PipelineFixture.Options(), _line.Signer);
        await pipeline.StartAsync(_line.WorkOrderId, CancellationToken.None);

        var sequences = Enumerable.Range(0, 6).Select(_ => plc.Trigger()).ToArray();
        var labels = new List<string>();
        await Eventually.TrueAsync(() => { while (printer.Printed.Reader.TryRead(out var p)) { labels.Add(p.Code); } return labels.Count == 6; }, () => $"{labels.Count} of 6 labels printed; {pipeline.State} {pipeline.FaultReason}");

        reader.Send(labels[1]);
        reader.Send(labels[0]);                               // label 1 was held in the printer: read after label 2
        reader.Send(labels[2].Replace("SN", "SM", StringComparison.Ordinal)); // label 3 misread, never read right
        reader.Send(labels[2].Replace("//id.", "//iX.", StringComparison.Ordinal)); // same GS1 data, another host: misread too
        reader.Send(null);                                    // a no-read names no unit
        reader.Send(labels[3]);
        reader.Send(labels[4]);
        reader.Send(labels[4]);                               // duplicate
        reader.Send(labels[5]);
        printer.AutoRead = reader;                            // case and pallet labels read as printed
        await Eventually.TrueAsync(() => plc.Verdicts.Count == 6, () => $"{plc.Verdicts.Count} of 6 verdicts");

        Assert.Equal([true, true, false, true, true, true], sequences.Select(n => plc.Verdicts[n].Good));
        Assert.Equal("no-read", plc.Verdicts[sequences[2]].Reason);
        var units = _line.Store.UnitsOf(_line.WorkOrderId).OrderBy(u => u.PlcSequence).ToList();
        Assert.Equal(sequences, units.Select(u => u.PlcSequence));
        Assert.All(units.Select((u, i) => (u, i)), x => Assert.Contains(x.u.Key.Serial.Value, labels[x.i], StringComparison.Ordinal));
        Assert.Equal(SerialState.LabelScrapped, units[2].State);
        var counters = pipeline.Counters;
        Assert.Equal((2, 1, 1, 5, 1), (counters.Misreads, counters.NoReadEvents, counters.RepeatedReads, counters.Good, counters.Rejected));

        var closed = await pipeline.CloseWorkOrderAsync(PipelineFixture.Operator, CancellationToken.None);
        _line.AssertConsistent(closed);
        Assert.Equal((6, 5, 1, 5), (closed.Counts.Issued, closed.Counts.Verified, closed.Counts.Rejected, closed.Counts.Packed));
        var containers = _line.Store.ContainersOf(_line.WorkOrderId);
        Assert.Equal([3, 2], containers.Where(c => c.Kind == ContainerKind.Case).Select(c => c.Units.Count).Order().Reverse());
        Assert.Equal(2, Assert.Single(containers, c => c.Kind == ContainerKind.Pallet).Cases.Count);
    }

    [Fact]
    public async Task Out_of_ribbon_pauses_the_line_and_no_serial_is_lost_or_used_twice()
    {
        await using var plc = new InProcessPlc();
        await using var reader = new InProcessReader();
        await using var printer = new InProcessPrinter(reader);
        await using var pipeline = new LinePipeline(_line.Store, plc, printer, reader, PipelineFixture.Options(), _line.Signer);
        await pipeline.StartAsync(_line.WorkOrderId, CancellationToken.None);

        plc.Trigger();
        plc.Trigger();
        await Eventually.TrueAsync(() => plc.Verdicts.Count == 2, () => $"first two verdicts: {pipeline.State} {pipeline.FaultReason}");
        printer.RibbonOut = true;
        var refused = plc.Trigger();                          // print refused: serial taken, unit rejected, line faults
        await Eventually.TrueAsync(() => pipeline.State == PipelineState.PrinterFault, () => $"state {pipeline.State}");
        var whileFaulted = plc.Trigger();                     // no serial while the printer is down
        var missed = plc.Trigger(recovered: true);            // counted while the agent was away: no label, no serial
        await Eventually.TrueAsync(() => plc.Verdicts.Count == 5, () => $"{plc.Verdicts.Count} of 5 verdicts");
        printer.RibbonOut = false;
        await Eventually.TrueAsync(() => pipeline.State == PipelineState.Running, () => $"state {pipeline.State}");
        for (var i = 0; i < 5; i++)
        {
            plc.Trigger();
        }

        await Eventually.TrueAsync(() => plc.Verdicts.Count == 10, () => $"{plc.Verdicts.Count} of 10 verdicts");

        Assert.Equal((false, "not printed: ribbon out"), plc.Verdicts[refused]);
        Assert.Equal((false, "printer fault"), plc.Verdicts[whileFaulted]);
        Assert.False(plc.Verdicts[missed].Good);
        // 6 units in the order: 2 before, the refused one, 3 after; triggers 9 and 10 are beyond the quantity.
        Assert.Equal((false, "work order quantity reached"), plc.Verdicts[9]);
        Assert.Equal((false, "work order quantity reached"), plc.Verdicts[10]);
        var closed = await pipeline.CloseWorkOrderAsync(PipelineFixture.Operator, CancellationToken.None);
        _line.AssertConsistent(closed);
        Assert.Equal((6, 5, 1), (closed.Counts.Issued, closed.Counts.Verified, closed.Counts.Rejected));
        Assert.Equal((10, 4, 5, 1), (pipeline.Counters.Triggers, pipeline.Counters.RejectedWithoutSerial, pipeline.Counters.Good, pipeline.Counters.Rejected));
    }

    [Fact]
    public async Task The_warm_up_at_start_takes_no_serial_prints_nothing_and_records_nothing()
    {
        // The warm-up runs a unit's take, print, verdict and packing in the store and rolls them back: the pool's
        // cursor, the outbox, the audit trail, the counts and the SSCC counter must be as before, and no label printed.
        var orderBefore = _line.Store.FindWorkOrder(_line.WorkOrderId)!;
        var poolBefore = _line.Store.PoolStatus(PipelineFixture.Gtin);
        var outboxBefore = _line.Store.Outbox.DurableSequence;
        var auditBefore = _line.Store.ReadAudit(1, 1000).Count;
        var log = new EventLog();
        await using var plc = new InProcessPlc();
        await using var reader = new InProcessReader();
        await using var printer = new InProcessPrinter();
        var options = PipelineFixture.Options();
        options.WarmUpUnits = 64;
        await using var pipeline = new LinePipeline(_line.Store, plc, printer, reader, options, _line.Signer, logger: log);

        await pipeline.StartAsync(_line.WorkOrderId, CancellationToken.None);

        Assert.Contains("64 unit labels rendered and matched", Assert.Single(log.Messages, m => m.StartsWith("Warmed up", StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.False(printer.Printed.Reader.TryRead(out _));
        Assert.Equal(poolBefore, _line.Store.PoolStatus(PipelineFixture.Gtin));
        Assert.Equal(outboxBefore, _line.Store.Outbox.DurableSequence);
        Assert.Equal(auditBefore, _line.Store.ReadAudit(1, 1000).Count);
        Assert.Equal(orderBefore.Counts, _line.Store.FindWorkOrder(_line.WorkOrderId)!.Counts);
        Assert.Empty(_line.Store.UnitsOf(_line.WorkOrderId));
        Assert.Empty(_line.Store.ContainersOf(_line.WorkOrderId));

        // The line then runs as if there had been no warm-up: the first serial, the first SSCC.
        printer.AutoRead = reader;
        var first = plc.Trigger();
        await Eventually.TrueAsync(() => plc.Verdicts.ContainsKey(first), () => $"no verdict: {pipeline.State} {pipeline.FaultReason}");
        var closed = await pipeline.CloseWorkOrderAsync(PipelineFixture.Operator, CancellationToken.None);
        _line.AssertConsistent(closed);
        Assert.Equal("SN000000", Assert.Single(_line.Store.UnitsOf(_line.WorkOrderId)).Key.Serial.Value);
        Assert.Equal(Sscc.Create(3, "9506000", 1), Assert.Single(_line.Store.ContainersOf(_line.WorkOrderId), c => c.Kind == ContainerKind.Case).Sscc);
    }

    [Fact]
    public async Task A_unit_the_last_run_verified_but_never_packed_is_packed_after_the_restart()
    {
        // Regression (found by the whole-agent kill test): the agent was killed between a good verdict's commit and the
        // packing commit; the restarted pipeline only packed units it decided itself, so the order closed with the unit loose.
        var unit = await _line.Store.CommitAsync(tx =>
        {
            var taken = tx.TakeSerial(_line.WorkOrderId, 1);
            tx.RecordPrinted(taken.Key);
            return tx.RecordVerified(taken.Key);
        }, CancellationToken.None);
        Assert.Equal(1, _line.Store.FindWorkOrder(_line.WorkOrderId)!.Counts.Loose);
        await using var plc = new InProcessPlc();
        await using var reader = new InProcessReader();
        await using var printer = new InProcessPrinter(reader);
        await using var pipeline = new LinePipeline(_line.Store, plc, printer, reader, PipelineFixture.Options(), _line.Signer);

        await pipeline.StartAsync(_line.WorkOrderId, CancellationToken.None);
        var closed = await pipeline.CloseWorkOrderAsync(PipelineFixture.Operator, CancellationToken.None);

        _line.AssertConsistent(closed);
        Assert.Equal((1, 1, 0), (closed.Counts.Verified, closed.Counts.Packed, closed.Counts.Loose));
        Assert.NotNull(_line.Store.FindUnit(unit.Key)!.CaseSscc);
    }

    [Fact]
    public async Task Units_taken_out_of_a_case_for_rework_are_not_packed_by_the_line_when_it_starts_again()
    {
        var rework = Sscc.Create(3, "9506000", 900_001);
        var units = await _line.Store.CommitAsync(tx =>
        {
            var taken = new[] { tx.TakeSerial(_line.WorkOrderId, 1), tx.TakeSerial(_line.WorkOrderId, 2) };
            tx.OpenContainer(ContainerKind.Case, rework, _line.WorkOrderId);
            foreach (var unit in taken)
            {
                tx.RecordPrinted(unit.Key);
                tx.RecordVerified(unit.Key);
                tx.PackUnit(unit.Key, rework);
            }

            tx.CloseContainer(rework);
            tx.Disaggregate(rework, new OperatorAction("eng-1", "label check"));
            return taken;
        }, CancellationToken.None);
        Assert.Equal(2, _line.Store.FindWorkOrder(_line.WorkOrderId)!.Counts.Loose);
        await using var plc = new InProcessPlc();
        await using var reader = new InProcessReader();
        await using var printer = new InProcessPrinter(reader);
        await using var pipeline = new LinePipeline(_line.Store, plc, printer, reader, PipelineFixture.Options(), _line.Signer);

        await pipeline.StartAsync(_line.WorkOrderId, CancellationToken.None);
        var sequence = plc.Trigger();
        // Packing is one queue: once the new unit is packed, anything queued at the start has been packed before it.
        await Eventually.TrueAsync(
            () => _line.Store.UnitsOf(_line.WorkOrderId).Any(u => u.PlcSequence == sequence && u.CaseSscc is not null),
            () => $"unit #{sequence} not packed: {pipeline.State} {pipeline.FaultReason}");

        Assert.All(units, u => Assert.Null(_line.Store.FindUnit(u.Key)!.CaseSscc));
        Assert.Equal(0, _line.Store.FindContainer(rework)!.ChildCount);
        Assert.Equal(2, _line.Store.FindWorkOrder(_line.WorkOrderId)!.Counts.Loose);
    }

    [Fact]
    public async Task A_pallet_a_killed_run_filled_but_never_labelled_is_finished_before_the_next_case_goes_on_a_pallet()
    {
        // Regression (found by the whole-agent kill test): killed between the commit that put the last case on the pallet
        // and the pallet's label; the restarted line met the full, open pallet with its next case and faulted.
        using var line = new PipelineFixture(quantity: 12, unitsPerCase: 3, casesPerPallet: 2, workOrderId: "WO-P");
        var pallet = Sscc.Create(3, "9506000", 900_100);
        await line.Store.CommitAsync(tx =>
        {
            tx.OpenContainer(ContainerKind.Pallet, pallet, line.WorkOrderId);
            for (var c = 0; c < 2; c++)
            {
                var box = Sscc.Create(3, "9506000", 900_101 + c);
                tx.OpenContainer(ContainerKind.Case, box, line.WorkOrderId);
                for (var u = 1; u <= 3; u++)
                {
                    var unit = tx.TakeSerial(line.WorkOrderId, (c * 3) + u);
                    tx.RecordPrinted(unit.Key);
                    tx.RecordVerified(unit.Key);
                    tx.PackUnit(unit.Key, box);
                }

                tx.CloseContainer(box);
                tx.PackCase(box, pallet);
            }
        }, CancellationToken.None);
        await using var plc = new InProcessPlc();
        await using var reader = new InProcessReader();
        await using var printer = new InProcessPrinter(reader);
        await using var pipeline = new LinePipeline(line.Store, plc, printer, reader, PipelineFixture.Options(), line.Signer);

        await pipeline.StartAsync(line.WorkOrderId, CancellationToken.None);
        for (var i = 0; i < 3; i++)
        {
            plc.Trigger();
        }

        await Eventually.TrueAsync(
            () => line.Store.ContainersOf(line.WorkOrderId).Any(c => c.Kind == ContainerKind.Case && c.State == ContainerState.Closed && c.ParentSscc is { } p && p != pallet),
            () => $"the new case is not on a new pallet: {pipeline.State} {pipeline.FaultReason}");

        Assert.NotEqual(PipelineState.Faulted, pipeline.State);
        Assert.Equal(ContainerState.Closed, line.Store.FindContainer(pallet)!.State);
        Assert.Equal(2, line.Store.FindContainer(pallet)!.ChildCount);
    }
}

/// <summary>Keeps the formatted messages the pipeline logs.</summary>
internal sealed class EventLog : Microsoft.Extensions.Logging.ILogger<LinePipeline>
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _messages = new();

    public IReadOnlyList<string> Messages => [.. _messages];

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => true;

    public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        _messages.Enqueue(formatter(state, exception));
}
