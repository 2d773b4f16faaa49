using Traceability.Core.Gs1;
using Traceability.Labels;
using Traceability.Labels.Templates;
using Traceability.LineAgent.Devices.Printers;
using Traceability.LineAgent.Devices.Readers;
using Traceability.LineAgent.Devices.Transport;
using Traceability.Simulators.Printers;
using Traceability.Simulators.Readers;
using Traceability.Testing;

namespace Traceability.Simulators.Tests.Line;

/// <summary>
/// The devices of one line, end to end, over real sockets: template → ZPL → printer driver → simulated printer (draws the
/// ZPL) → simulated reader (decodes the printed image) → reader driver → the GS1 data the line meant to print.
/// </summary>
public sealed class DeviceChainTests
{
    [Fact]
    public async Task A_unit_label_printed_through_the_drivers_reads_back_as_its_digital_link()
    {
        var template = LabelTemplate.Load(RepositoryPaths.Combine("label-templates", "templates", "unit.json"));
        var data = LabelData.Load(RepositoryPaths.Combine("label-templates", "samples", "unit-data.json"));
        await using var printerSimulator = new SimulatedZplPrinter { DotsPerMm = template.DotsPerMm };
        printerSimulator.StartTcp();
        await using var readerSimulator = SimulatedCodeReader.Start(new SimulatedReaderOptions { Framing = ReaderFraming.CrLf });
        await using var printer = new ZplPrinter(StreamConnectors.Create(DeviceEndpoint.Parse(printerSimulator.TcpEndpoint)));
        await using var reader = new CodeReader(StreamConnectors.Create(DeviceEndpoint.Parse($"tcp://127.0.0.1:{readerSimulator.Port}")), ReaderFraming.CrLf);
        reader.Start();
        await Eventually.TrueAsync(() => readerSimulator.ClientCount > 0, () => "The reader driver did not connect.");

        await printer.PrintAsync(new PrintJob("unit-1", LabelRenderer.RenderZpl(template, data)), CancellationToken.None);
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var printed = await printerSimulator.Printed.ReadAsync(wait.Token);
        await readerSimulator.InspectAsync(printed.Png, wait.Token);

        var read = Assert.IsType<ReaderEvent.Read>(Assert.Single(await Eventually.TakeAsync(reader.ReadAllAsync, 1)));
        Assert.Equal(data.Get("digitalLink"), read.Text);
        Assert.True(ScannedCode.TryParse(read.Text, out var code, out var error), error?.Message);
        Assert.Equal("Q7XK2M9PZR4T", code["21"]);
    }

    [Fact]
    public async Task A_case_label_sscc_reads_back_through_the_drivers_as_gs1_data()
    {
        var template = LabelTemplate.Load(RepositoryPaths.Combine("label-templates", "templates", "case.json"));
        var data = LabelData.Load(RepositoryPaths.Combine("label-templates", "samples", "case-data.json"));
        await using var printerSimulator = new SimulatedZplPrinter { DotsPerMm = template.DotsPerMm };
        printerSimulator.StartTcp();
        await using var readerSimulator = SimulatedCodeReader.Start(new SimulatedReaderOptions { Framing = ReaderFraming.StxEtx });
        await using var printer = new ZplPrinter(StreamConnectors.Create(DeviceEndpoint.Parse(printerSimulator.TcpEndpoint)));
        await using var reader = new CodeReader(StreamConnectors.Create(DeviceEndpoint.Parse($"tcp://127.0.0.1:{readerSimulator.Port}")), ReaderFraming.StxEtx);
        reader.Start();
        await Eventually.TrueAsync(() => readerSimulator.ClientCount > 0, () => "The reader driver did not connect.");

        await printer.PrintAsync(new PrintJob("case-1", LabelRenderer.RenderZpl(template, data)), CancellationToken.None);
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await readerSimulator.InspectAsync((await printerSimulator.Printed.ReadAsync(wait.Token)).Png, wait.Token);

        var read = Assert.IsType<ReaderEvent.Read>(Assert.Single(await Eventually.TakeAsync(reader.ReadAllAsync, 1)));
        Assert.Equal(ElementString.Parse("(00)106141411234567897"), ScannedCode.Parse(read.Text));
    }
}
