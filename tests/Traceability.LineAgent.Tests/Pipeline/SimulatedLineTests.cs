using System.Collections.Concurrent;
using Traceability.Core.Gs1;
using Traceability.Core.Lifecycle;
using Traceability.LineAgent.Devices.Plc;
using Traceability.LineAgent.Devices.Printers;
using Traceability.LineAgent.Devices.Readers;
using Traceability.LineAgent.Devices.Transport;
using Traceability.LineAgent.Pipeline;
using Traceability.LineAgent.Storage;
using Traceability.LineAgent.Tests.Devices.Plc;
using Traceability.Simulators.Printers;
using Traceability.Simulators.Readers;
using Traceability.Testing;

namespace Traceability.LineAgent.Tests.Pipeline;

/// <summary>
/// The pipeline against the real simulators: ZPL printer over TCP, code reader over TCP decoding the printed images,
/// node-opcua PLC; 40 units, 10 per case, 2 cases per pallet, with injected faults.
/// </summary>
public sealed class SimulatedLineTests : IDisposable
{
    private readonly PipelineFixture _line = new(quantity: 40, unitsPerCase: 10, casesPerPallet: 2);
    private readonly PlcSimulator _plcSimulator = PlcSimulator.WithRate(300, shiftDepth: 12);

    public void Dispose()
    {
        _plcSimulator.Dispose();
        _line.Dispose();
    }

    [Fact]
    public async Task A_work_order_with_no_reads_misreads_a_printer_pause_and_a_PLC_restart_reconciles_exactly()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await using var printerSimulator = new SimulatedZplPrinter();
        printerSimulator.StartTcp();
        await using var readerSimulator = SimulatedCodeReader.Start(new SimulatedReaderOptions { NoReadRate = 0.1, MisreadRate = 0.1, DuplicateRate = 0.05, Seed = 11 });
        // Without the status check the driver sends into a paused printer, which holds the labels and prints them
        // late: the buffered-label case.
        await using var printer = new ZplPrinter(StreamConnectors.Create(DeviceEndpoint.Parse(printerSimulator.TcpEndpoint)), new ZplPrinterOptions { CheckStatusBeforePrint = false });
        await using var reader = new CodeReader(StreamConnectors.Create(DeviceEndpoint.Parse($"tcp://127.0.0.1:{readerSimulator.Port}")), ReaderFraming.CrLf);
        reader.Start();
        await Eventually.TrueAsync(() => readerSimulator.ClientCount > 0, () => "The reader driver did not connect.");
        await using var plc = new RecordingPlc(await OpcUaPlc.ConnectAsync(_plcSimulator.PlcOptions(), cts.Token));
        var inspections = new ConcurrentQueue<Inspection>();
        var conveyor = Task.Run(async () =>
        {
            await foreach (var label in printerSimulator.Printed.ReadAllAsync(cts.Token))
            {
                inspections.Enqueue(await readerSimulator.InspectAsync(label.Png, cts.Token));
            }
        }, cts.Token);

        var options = PipelineFixture.Options(readWindow: TimeSpan.FromSeconds(1.5), deadline: TimeSpan.FromSeconds(2.4));
        await using var pipeline = new LinePipeline(_line.Store, plc, printer, reader, options, _line.Signer);
        await pipeline.StartAsync(_line.WorkOrderId, cts.Token);

        long Issued() => _line.Store.FindWorkOrder(_line.WorkOrderId)!.Counts.Issued;
        await Eventually.TrueAsync(() => Issued() >= 10, () => $"issued {Issued()}; {pipeline.State} {pipeline.FaultReason}", TimeSpan.FromSeconds(30));
        printerSimulator.Paused = true;                         // labels sent now wait in the printer
        var held = printerSimulator.PrintedLabels.Count;
        await Eventually.TrueAsync(() => printerSimulator.HeldFormats >= 2, () => $"held {printerSimulator.HeldFormats}", TimeSpan.FromSeconds(30));
        printerSimulator.Paused = false;                        // they print in a burst, behind time
        await Eventually.TrueAsync(() => Issued() >= 20, () => $"issued {Issued()}; {pipeline.State} {pipeline.FaultReason}", TimeSpan.FromSeconds(30));
        _plcSimulator.Kill();
        await Task.Delay(TimeSpan.FromSeconds(1), cts.Token);
        _plcSimulator.Restart();
        await Eventually.TrueAsync(() => Issued() >= 40, () => $"issued {Issued()}; {pipeline.State} {pipeline.FaultReason}", TimeSpan.FromSeconds(60));
        var closed = await pipeline.CloseWorkOrderAsync(PipelineFixture.Operator, cts.Token);

        // A read reaches the agent before InspectAsync returns: let the conveyor record every printed label's
        // inspection before stopping it (cancelling first lost the last ones, and a good unit looked unread).
        await Eventually.TrueAsync(
            () => inspections.Count >= printerSimulator.PrintedLabels.Count,
            () => $"inspections {inspections.Count} of {printerSimulator.PrintedLabels.Count} printed labels");
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => conveyor);

        _line.AssertConsistent(closed);
        Assert.True(held < printerSimulator.PrintedLabels.Count);
        Assert.Equal(40, closed.Counts.Issued);
        var cases = _line.Store.ContainersOf(_line.WorkOrderId).Where(c => c.Kind == ContainerKind.Case).ToList();
        Assert.Equal((int)Math.Ceiling(closed.Counts.Packed / 10.0), cases.Count);
        Assert.True(cases.Count(c => c.Units.Count == 10) >= cases.Count - 1);

        // Every verdict is the one the reader's output calls for: good exactly when some inspection of the unit's own
        // label sent its content unchanged; misreads and no-reads never lend a verdict to another unit.
        var readRight = inspections.Where(i => i.Outcome == InspectionOutcome.Read && i.Decoded is not null)
            .Select(i => ScannedCode.Parse(i.Decoded!)).Where(c => c["21"] is not null).Select(c => c["21"]!).ToHashSet();
        Assert.Contains(inspections, i => i.Outcome == InspectionOutcome.Misread);
        Assert.Contains(inspections, i => i.Outcome == InspectionOutcome.NoRead);
        foreach (var unit in _line.Store.UnitsOf(_line.WorkOrderId))
        {
            if (unit.State == SerialState.Inactive)
            {
                continue; // good, but its verdict reached the PLC late: rejected at the gate and recorded so
            }

            // No verdict latched (the PLC was down): the PLC rejected the unit, so it must not be recorded good.
            var good = plc.Verdicts.TryGetValue(unit.PlcSequence, out var verdict) && verdict.Good;
            Assert.Equal(unit.State == SerialState.Commissioned, good);
            if (unit.State == SerialState.Commissioned)
            {
                Assert.Contains(unit.Key.Serial.Value, readRight);
            }
            else if (unit.RejectReason == "no-read")
            {
                Assert.DoesNotContain(unit.Key.Serial.Value, readRight);
            }
        }

        Assert.True(pipeline.Counters.Misreads > 0);
        var counters = pipeline.Counters;
        Assert.True(counters.Triggers >= counters.Good + counters.Rejected + counters.RejectedWithoutSerial);
    }

    [Fact]
    public async Task Out_of_ribbon_on_the_printer_simulator_stops_printing_holds_and_resumes_with_exact_reconciliation()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await using var printerSimulator = new SimulatedZplPrinter();
        printerSimulator.StartTcp();
        await using var readerSimulator = SimulatedCodeReader.Start(new SimulatedReaderOptions { Seed = 5 });
        // The production setting: the driver asks ~HS before each label and refuses to send into a faulted printer.
        await using var printer = new ZplPrinter(StreamConnectors.Create(DeviceEndpoint.Parse(printerSimulator.TcpEndpoint)), new ZplPrinterOptions { CheckStatusBeforePrint = true });
        await using var reader = new CodeReader(StreamConnectors.Create(DeviceEndpoint.Parse($"tcp://127.0.0.1:{readerSimulator.Port}")), ReaderFraming.CrLf);
        reader.Start();
        await Eventually.TrueAsync(() => readerSimulator.ClientCount > 0, () => "The reader driver did not connect.");
        await using var plc = new RecordingPlc(await OpcUaPlc.ConnectAsync(_plcSimulator.PlcOptions(), cts.Token));
        var inspected = 0;
        var conveyor = Task.Run(async () =>
        {
            await foreach (var label in printerSimulator.Printed.ReadAllAsync(cts.Token))
            {
                await readerSimulator.InspectAsync(label.Png, cts.Token);
                Interlocked.Increment(ref inspected);
            }
        }, cts.Token);

        var options = PipelineFixture.Options(readWindow: TimeSpan.FromSeconds(1.5), deadline: TimeSpan.FromSeconds(2.4));
        options.PrinterProbeInterval = TimeSpan.FromMilliseconds(100);
        await using var pipeline = new LinePipeline(_line.Store, plc, printer, reader, options, _line.Signer);
        await pipeline.StartAsync(_line.WorkOrderId, cts.Token);

        long Issued() => _line.Store.FindWorkOrder(_line.WorkOrderId)!.Counts.Issued;
        await Eventually.TrueAsync(() => Issued() >= 8, () => $"issued {Issued()}; {pipeline.State} {pipeline.FaultReason}", TimeSpan.FromSeconds(30));
        printerSimulator.RibbonOut = true;
        await Eventually.TrueAsync(() => pipeline.State == PipelineState.PrinterFault, () => $"state {pipeline.State}, issued {Issued()}", TimeSpan.FromSeconds(30));

        // Held: the PLC keeps triggering, the agent takes no serial and sends no label while the ribbon is out.
        var issuedAtFault = Issued();
        var sentAtFault = printerSimulator.PrintedLabels.Count + printerSimulator.HeldFormats;
        var refusedAtFault = pipeline.Counters.RejectedWithoutSerial;
        await Eventually.TrueAsync(() => pipeline.Counters.RejectedWithoutSerial >= refusedAtFault + 5, () => $"refused {pipeline.Counters.RejectedWithoutSerial - refusedAtFault} triggers while out of ribbon", TimeSpan.FromSeconds(30));
        Assert.Equal(PipelineState.PrinterFault, pipeline.State);
        Assert.Equal(issuedAtFault, Issued());
        Assert.Equal(sentAtFault, printerSimulator.PrintedLabels.Count + printerSimulator.HeldFormats);
        Assert.True(printerSimulator.StatusQueries > 0);

        printerSimulator.RibbonOut = false;                     // the ribbon is replaced
        await Eventually.TrueAsync(() => pipeline.State == PipelineState.Running, () => $"state {pipeline.State}", TimeSpan.FromSeconds(30));
        await Eventually.TrueAsync(() => Issued() >= 40, () => $"issued {Issued()}; {pipeline.State} {pipeline.FaultReason}", TimeSpan.FromSeconds(60));
        var closed = await pipeline.CloseWorkOrderAsync(PipelineFixture.Operator, cts.Token);
        await Eventually.TrueAsync(() => Volatile.Read(ref inspected) >= printerSimulator.PrintedLabels.Count, () => "the conveyor is behind");
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => conveyor);

        _line.AssertConsistent(closed);
        Assert.Equal(40, closed.Counts.Issued);
        Assert.Equal(0, printerSimulator.HeldFormats);
        Assert.True(issuedAtFault < 40);
        // No serial printed for two units, and every unit label that left the printer is one unit's.
        var units = _line.Store.UnitsOf(_line.WorkOrderId);
        var unitLabels = printerSimulator.PrintedLabels.Where(l => l.Zpl.Contains("https://id.example.com", StringComparison.Ordinal)).ToList();
        Assert.All(units, u => Assert.True(unitLabels.Count(l => l.Zpl.Contains(u.Key.Serial.Value, StringComparison.Ordinal)) <= 1, $"{u.Key} printed twice"));
        Assert.All(unitLabels, l => Assert.Single(units, u => l.Zpl.Contains(u.Key.Serial.Value, StringComparison.Ordinal)));
        // Units caught by the fault are rejected "not printed", never good: the one whose label the printer refused says
        // why (ribbon out); units whose serials were already taken when the line faulted say "printer fault".
        Assert.All(units.Where(u => u.RejectReason?.StartsWith("not printed", StringComparison.Ordinal) == true), u => Assert.True(
            u.RejectReason!.Contains("ribbon out", StringComparison.Ordinal) || u.RejectReason.Contains("printer fault", StringComparison.Ordinal),
            $"{u.Key}: {u.RejectReason}"));
        Assert.All(units.Where(u => u.RejectReason?.StartsWith("not printed", StringComparison.Ordinal) == true), u => Assert.NotEqual(SerialState.Commissioned, u.State));
        Assert.All(units.Where(u => u.State == SerialState.Commissioned), u => Assert.True(plc.Verdicts[u.PlcSequence].Good));
        Assert.True(pipeline.Counters.Good >= 30, $"good {pipeline.Counters.Good}");
    }

    /// <summary>Records every verdict written, keyed by sequence, as the PLC latches them.</summary>
    private sealed class RecordingPlc(IPlc inner) : IPlc
    {
        public ConcurrentDictionary<long, (bool Good, string? Reason)> Verdicts { get; } = new();

        public DeviceConnectionState State => inner.State;

        public IAsyncEnumerable<UnitTrigger> TriggersAsync(CancellationToken cancellationToken) => inner.TriggersAsync(cancellationToken);

        public async Task WriteVerdictAsync(long sequence, bool good, string? reason, CancellationToken cancellationToken)
        {
            await inner.WriteVerdictAsync(sequence, good, reason, cancellationToken);
            Verdicts[sequence] = (good, reason);
        }

        public Task<LineStatus> ReadLineStatusAsync(CancellationToken cancellationToken) => inner.ReadLineStatusAsync(cancellationToken);

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
