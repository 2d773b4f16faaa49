using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Time.Testing;
using Traceability.LineAgent.Devices.Printers;
using Traceability.LineAgent.Devices.Transport;
using Traceability.Testing;

namespace Traceability.LineAgent.Tests.Devices.Printers;

public sealed class ZplPrinterTests
{
    private const string Label = "^XA^FO50,50^FDunit 1^FS^XZ";

    private static readonly ZplPrinterOptions Fast = new()
    {
        StatusTimeout = TimeSpan.FromSeconds(2),
        ReconnectInitial = TimeSpan.FromMilliseconds(10),
        ReconnectMaximum = TimeSpan.FromMilliseconds(20),
    };

    [Fact]
    public async Task A_job_id_already_sent_is_refused_and_nothing_is_sent_again()
    {
        var connector = new ScriptedConnector();
        await using var printer = new ZplPrinter(connector, Fast);
        await printer.PrintAsync(new PrintJob("job-1", Label), CancellationToken.None);

        var e = await Assert.ThrowsAsync<DuplicatePrintException>(() => printer.PrintAsync(new PrintJob("job-1", Label), CancellationToken.None));

        Assert.Equal("job-1", e.JobId);
        Assert.Equal(Label, connector.AllWritten);
    }

    [Fact]
    public async Task Disposing_the_printer_twice_is_harmless_and_a_print_after_it_is_refused()
    {
        // Regression: the first dispose disposed the gate, so the second one threw ObjectDisposedException from it.
        var connector = new ScriptedConnector();
        var printer = new ZplPrinter(connector, Fast);
        await printer.PrintAsync(new PrintJob("job-1", Label), CancellationToken.None);

        await printer.DisposeAsync();
        await printer.DisposeAsync();

        var e = await Assert.ThrowsAsync<ObjectDisposedException>(() => printer.PrintAsync(new PrintJob("job-2", Label), CancellationToken.None));
        Assert.Equal(typeof(ZplPrinter).FullName, e.ObjectName);
    }

    [Fact]
    public async Task A_reprint_of_a_sent_job_is_sent()
    {
        var connector = new ScriptedConnector();
        await using var printer = new ZplPrinter(connector, Fast);
        await printer.PrintAsync(new PrintJob("job-1", Label), CancellationToken.None);
        await printer.PrintAsync(new PrintJob("job-1", Label) { Reprint = true }, CancellationToken.None);
        Assert.Equal(Label + Label, connector.AllWritten);
    }

    [Fact]
    public async Task A_send_failing_part_way_is_reported_as_unknown_and_not_retried()
    {
        var connections = 0;
        var connector = new ScriptedConnector(s => s.FailNextLabelWrite = ++connections == 1);
        await using var printer = new ZplPrinter(connector, Fast);

        var e = await Assert.ThrowsAsync<PrintOutcomeUnknownException>(() => printer.PrintAsync(new PrintJob("job-7", Label), CancellationToken.None));

        Assert.Equal("job-7", e.JobId);
        Assert.Contains("may or may not have printed", e.Message, StringComparison.Ordinal);
        Assert.Single(connector.Streams);
        // The pipeline decides: the same id again needs Reprint, because the first copy may be on a unit already.
        await Assert.ThrowsAsync<DuplicatePrintException>(() => printer.PrintAsync(new PrintJob("job-7", Label), CancellationToken.None));
        await printer.PrintAsync(new PrintJob("job-7", Label) { Reprint = true }, CancellationToken.None);
        Assert.Equal(2, connector.Streams.Count);
        Assert.Equal(Label, connector.Streams[1].Written);
    }

    [Fact]
    public async Task A_printer_reporting_ribbon_out_refuses_the_job_naming_the_printer_and_the_condition()
    {
        var ribbonOut = new PrinterStatus { RibbonOut = true }.ToHostStatusResponse();
        var connector = new ScriptedConnector(s => s.StatusAnswer = ribbonOut);
        await using var printer = new ZplPrinter(connector, Fast);

        var e = await Assert.ThrowsAsync<PrinterNotReadyException>(() => printer.PrintAsync(new PrintJob("job-1", Label), CancellationToken.None));

        Assert.Equal("replay:printer: ribbon out", e.Message);
        Assert.Equal(string.Empty, connector.AllWritten);
        // Nothing was sent, so the same id may be tried again once the ribbon is changed.
        connector.Streams[0].StatusAnswer = ScriptedPrinterStream.Ready;
        await printer.PrintAsync(new PrintJob("job-1", Label), CancellationToken.None);
    }

    [Fact]
    public async Task Status_checking_can_be_turned_off()
    {
        var connector = new ScriptedConnector(s => s.StatusAnswer = new PrinterStatus { HeadOpen = true }.ToHostStatusResponse());
        await using var printer = new ZplPrinter(connector, new ZplPrinterOptions { CheckStatusBeforePrint = false });
        await printer.PrintAsync(new PrintJob("job-1", Label), CancellationToken.None);
        Assert.Equal(Label, connector.AllWritten);
    }

    [Fact]
    public async Task A_printer_that_does_not_answer_status_in_time_is_a_connection_error()
    {
        var time = new FakeTimeProvider();
        var connector = new ScriptedConnector(s => s.StatusAnswer = null);
        await using var printer = new ZplPrinter(connector, Fast, time);

        var query = printer.QueryStatusAsync(CancellationToken.None);
        Assert.False(query.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(2));

        var e = await Assert.ThrowsAsync<DeviceConnectionException>(() => query);
        Assert.Equal("replay:printer: no answer to ~HS within 2 s.", e.Message);
        Assert.Equal(DeviceConnectionState.Reconnecting, printer.State);
    }

    [Fact]
    public async Task A_closed_tcp_port_fails_naming_the_endpoint()
    {
        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        var endpoint = DeviceEndpoint.Parse($"tcp://127.0.0.1:{port}");
        await using var printer = new ZplPrinter(StreamConnectors.Create(endpoint), Fast);

        var e = await Assert.ThrowsAsync<DeviceConnectionException>(() => printer.PrintAsync(new PrintJob("job-1", Label), CancellationToken.None));

        Assert.StartsWith($"tcp://127.0.0.1:{port}: ", e.Message, StringComparison.Ordinal);
        Assert.Equal(DeviceConnectionState.Faulted, printer.State);
    }

    [Fact]
    public async Task A_missing_serial_path_fails_naming_the_path()
    {
        using var dir = new TempDirectory();
        var path = dir.File("ttyNOPE");
        await using var printer = new ZplPrinter(StreamConnectors.Create(DeviceEndpoint.Parse($"serial:{path}")), Fast);

        var e = await Assert.ThrowsAsync<DeviceConnectionException>(() => printer.QueryStatusAsync(CancellationToken.None));

        Assert.Contains($"serial:{path}", e.Message, StringComparison.Ordinal);
        Assert.Equal(DeviceConnectionState.Faulted, printer.State);
    }
}
