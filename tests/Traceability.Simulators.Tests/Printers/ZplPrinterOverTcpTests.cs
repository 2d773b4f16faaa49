using Traceability.LineAgent.Devices.Printers;
using Traceability.LineAgent.Devices.Transport;
using Traceability.Simulators.Printers;
using static Traceability.Simulators.Tests.Printers.SimulatedPrinterHarness;

namespace Traceability.Simulators.Tests.Printers;

public sealed class ZplPrinterOverTcpTests
{
    [Fact]
    public async Task A_job_prints_once_and_the_simulator_renders_it()
    {
        await using var simulator = new SimulatedZplPrinter();
        simulator.StartTcp();
        await using var printer = Driver(simulator);

        await printer.PrintAsync(new PrintJob("unit-1", Label("0001")), CancellationToken.None);

        var printed = await NextPrintedAsync(simulator);
        Assert.Equal((1, Label("0001"), 1), (printed.Sequence, printed.Zpl, printed.Quantity));
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], printed.Png[..4]);
        Assert.Equal(DeviceConnectionState.Connected, printer.State);
    }

    [Fact]
    public async Task A_ready_simulator_reports_ready()
    {
        await using var simulator = new SimulatedZplPrinter { LabelLengthDots = 600 };
        simulator.StartTcp();
        await using var printer = Driver(simulator);

        var status = await printer.QueryStatusAsync(CancellationToken.None);

        Assert.True(status.IsReady);
        Assert.Equal(600, status.LabelLengthDots);
    }

    [Theory]
    [InlineData(nameof(SimulatedZplPrinter.RibbonOut), "ribbon out")]
    [InlineData(nameof(SimulatedZplPrinter.PaperOut), "paper out")]
    [InlineData(nameof(SimulatedZplPrinter.HeadOpen), "head open")]
    [InlineData(nameof(SimulatedZplPrinter.Paused), "paused")]
    public async Task Each_fault_is_reported_and_refuses_the_job(string knob, string condition)
    {
        await using var simulator = new SimulatedZplPrinter();
        simulator.StartTcp();
        SetKnob(simulator, knob, true);
        await using var printer = Driver(simulator);

        var status = await printer.QueryStatusAsync(CancellationToken.None);
        Assert.Equal([condition], status.Conditions);

        var e = await Assert.ThrowsAsync<PrinterNotReadyException>(() => printer.PrintAsync(new PrintJob("unit-1", Label("0001")), CancellationToken.None));
        Assert.Equal($"{simulator.TcpEndpoint}: {condition}", e.Message);
        Assert.Equal(0, simulator.HeldFormats);

        SetKnob(simulator, knob, false);
        await printer.PrintAsync(new PrintJob("unit-1", Label("0001")), CancellationToken.None);
        Assert.Equal(1, (await NextPrintedAsync(simulator)).Sequence);
    }

    [Fact]
    public async Task Without_a_status_check_a_faulted_printer_holds_the_label_and_prints_it_when_cleared()
    {
        await using var simulator = new SimulatedZplPrinter();
        simulator.StartTcp();
        simulator.RibbonOut = true;
        await using var printer = Driver(simulator, new ZplPrinterOptions { CheckStatusBeforePrint = false });

        await printer.PrintAsync(new PrintJob("unit-1", Label("0001")), CancellationToken.None);
        await WaitUntilAsync(() => simulator.HeldFormats == 1);
        var status = await printer.QueryStatusAsync(CancellationToken.None);
        Assert.Equal((true, 1, 1), (status.RibbonOut, status.FormatsInReceiveBuffer, status.LabelsRemainingInBatch));
        Assert.Empty(simulator.PrintedLabels);

        simulator.RibbonOut = false;

        Assert.Equal(Label("0001"), (await NextPrintedAsync(simulator)).Zpl);
        Assert.Equal(0, simulator.HeldFormats);
    }

    [Fact]
    public async Task A_jam_stops_printing_while_status_still_reads_ready()
    {
        await using var simulator = new SimulatedZplPrinter();
        simulator.StartTcp();
        simulator.Jam();
        await using var printer = Driver(simulator);

        await printer.PrintAsync(new PrintJob("unit-1", Label("0001")), CancellationToken.None);
        await WaitUntilAsync(() => simulator.HeldFormats == 1);
        var status = await printer.QueryStatusAsync(CancellationToken.None);
        Assert.Equal((true, 1), (status.IsReady, status.FormatsInReceiveBuffer));

        simulator.ClearJam();
        Assert.Equal(1, (await NextPrintedAsync(simulator)).Sequence);
    }

    [Fact]
    public async Task A_repeated_job_id_is_refused_and_a_reprint_prints()
    {
        await using var simulator = new SimulatedZplPrinter();
        simulator.StartTcp();
        await using var printer = Driver(simulator);
        await printer.PrintAsync(new PrintJob("unit-1", Label("0001")), CancellationToken.None);
        await NextPrintedAsync(simulator);

        await Assert.ThrowsAsync<DuplicatePrintException>(() => printer.PrintAsync(new PrintJob("unit-1", Label("0001")), CancellationToken.None));
        await printer.PrintAsync(new PrintJob("unit-1", Label("0001")) { Reprint = true }, CancellationToken.None);

        Assert.Equal(2, (await NextPrintedAsync(simulator)).Sequence);
        await printer.QueryStatusAsync(CancellationToken.None);
        Assert.Equal(2, simulator.PrintedLabels.Count);
    }

    [Fact]
    public async Task After_the_printer_drops_the_connection_the_driver_reconnects_and_the_next_job_prints_once()
    {
        await using var simulator = new SimulatedZplPrinter();
        simulator.StartTcp();
        await using var printer = Driver(simulator);
        await printer.PrintAsync(new PrintJob("unit-1", Label("0001")), CancellationToken.None);
        await NextPrintedAsync(simulator);

        simulator.DropConnection();
        await printer.PrintAsync(new PrintJob("unit-2", Label("0002")), CancellationToken.None);

        Assert.Equal(Label("0002"), (await NextPrintedAsync(simulator)).Zpl);
        await printer.QueryStatusAsync(CancellationToken.None);
        Assert.Equal(2, simulator.PrintedLabels.Count);
        Assert.Equal(DeviceConnectionState.Connected, printer.State);
    }

    [Fact]
    public async Task Malformed_zpl_is_recorded_as_an_error_and_the_printer_goes_on()
    {
        await using var simulator = new SimulatedZplPrinter();
        simulator.StartTcp();
        await using var printer = Driver(simulator);

        await printer.PrintAsync(new PrintJob("bad", "^XA^FOabc,10^FDx^FS^XZ"), CancellationToken.None);
        await printer.PrintAsync(new PrintJob("good", Label("0002")), CancellationToken.None);

        Assert.Equal(Label("0002"), (await NextPrintedAsync(simulator)).Zpl);
        var error = Assert.Single(simulator.Errors);
        Assert.Equal("^XA^FOabc,10^FDx^FS^XZ", error.Zpl);
        Assert.Contains("^FO at position", error.Message, StringComparison.Ordinal);
        Assert.True((await printer.QueryStatusAsync(CancellationToken.None)).IsReady);
    }

    [Fact]
    public async Task A_status_answer_slower_than_the_timeout_is_a_connection_error_naming_the_printer()
    {
        await using var simulator = new SimulatedZplPrinter { ResponseDelay = TimeSpan.FromSeconds(2) };
        simulator.StartTcp();
        await using var printer = Driver(simulator, new ZplPrinterOptions { StatusTimeout = TimeSpan.FromMilliseconds(200) });

        var e = await Assert.ThrowsAsync<DeviceConnectionException>(() => printer.PrintAsync(new PrintJob("unit-1", Label("0001")), CancellationToken.None));

        Assert.Equal($"{simulator.TcpEndpoint}: no answer to ~HS within 0.2 s.", e.Message);
        Assert.Empty(simulator.PrintedLabels);
    }

    [Fact]
    public async Task Formats_split_across_writes_and_several_per_write_are_each_printed()
    {
        await using var simulator = new SimulatedZplPrinter();
        simulator.StartTcp();
        await using var printer = Driver(simulator, new ZplPrinterOptions { CheckStatusBeforePrint = false });

        await printer.PrintAsync(new PrintJob("a", Label("0001")[..10]), CancellationToken.None);
        await printer.PrintAsync(new PrintJob("b", Label("0001")[10..] + Label("0002")), CancellationToken.None);

        Assert.Equal(Label("0001"), (await NextPrintedAsync(simulator)).Zpl);
        Assert.Equal(Label("0002"), (await NextPrintedAsync(simulator)).Zpl);
    }

    private static void SetKnob(SimulatedZplPrinter simulator, string knob, bool value) =>
        typeof(SimulatedZplPrinter).GetProperty(knob)!.SetValue(simulator, value);
}
