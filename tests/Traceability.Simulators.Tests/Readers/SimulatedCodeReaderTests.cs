using System.Text;
using Traceability.Core.Gs1;
using Traceability.LineAgent.Devices.Readers;
using Traceability.LineAgent.Devices.Transport;
using Traceability.Simulators.Readers;
using Traceability.Testing;

namespace Traceability.Simulators.Tests.Readers;

public sealed class SimulatedCodeReaderTests
{
    private const string Gs1Text = "0109506000134352\u001D10ABC\u001D21XYZ";

    [Fact]
    public async Task A_fixed_seed_gives_the_same_fault_sequence_every_time()
    {
        var options = new SimulatedReaderOptions { ListenTcp = false, Seed = 42, NoReadRate = 0.1, DamagedRate = 0.1, MisreadRate = 0.1, DuplicateRate = 0.2 };
        var first = await RunAsync(options);
        var second = await RunAsync(options);
        Assert.Equal(first.Select(i => i.Wire), second.Select(i => i.Wire));
        Assert.Equal(ExpectedSequence, Describe(first));
        Assert.All(first.Where(i => i.Outcome == InspectionOutcome.Misread), i => Assert.Equal(1, i.Sent!.Zip(Gs1Text).Count(p => p.First != p.Second)));

        static async Task<List<Inspection>> RunAsync(SimulatedReaderOptions options)
        {
            await using var simulator = SimulatedCodeReader.Start(options);
            var inspections = new List<Inspection>();
            for (var i = 0; i < 20; i++)
            {
                inspections.Add(await simulator.SendAsync(Gs1Text, CancellationToken.None));
            }

            return inspections;
        }
    }

    [Fact]
    public async Task Disposing_the_simulator_twice_is_harmless()
    {
        // Regression: the second dispose cancelled the CancellationTokenSource the first one had disposed
        // (ReaderCommandsTests kept a flag to dispose it only once).
        var simulator = SimulatedCodeReader.Start(new SimulatedReaderOptions());

        await simulator.DisposeAsync();
        await simulator.DisposeAsync();

        Assert.Equal(0, simulator.ClientCount);
    }

    // R read, N no-read, M misread, D damaged; "2" after a read: sent twice. Pinned from System.Random(42).
    private const string ExpectedSequence = "R2DDRDMRR2RR2NRNDRDRR2RR";

    private static string Describe(IEnumerable<Inspection> inspections) =>
        string.Concat(inspections.Select(i => i.Outcome.ToString()[0] + (i.Duplicated ? "2" : string.Empty)));

    [Fact]
    public async Task Faults_reach_the_driver_as_reads_no_reads_and_garbled_frames()
    {
        await using var simulator = SimulatedCodeReader.Start(new SimulatedReaderOptions { Framing = ReaderFraming.StxEtx, Seed = 7, NoReadRate = 0.2, DamagedRate = 0.2, MisreadRate = 0.2, DuplicateRate = 0.3 });
        await using var reader = new CodeReader(StreamConnectors.Create(DeviceEndpoint.Parse($"tcp://127.0.0.1:{simulator.Port}")), ReaderFraming.StxEtx);
        reader.Start();
        await WaitForClientAsync(simulator);

        var expected = new List<string>();
        for (var i = 0; i < 30; i++)
        {
            var inspection = await simulator.SendAsync(Gs1Text, CancellationToken.None);
            var one = inspection.Outcome switch
            {
                InspectionOutcome.NoRead => "no-read",
                InspectionOutcome.Damaged => "garbled",
                _ => inspection.Sent!,
            };
            expected.Add(one);
            if (inspection.Duplicated)
            {
                expected.Add(one);
            }
        }

        var events = await TakeAsync(reader, expected.Count);
        var actual = events.Select(e => e switch
        {
            ReaderEvent.Read r => r.Text,
            ReaderEvent.NoRead => "no-read",
            _ => "garbled",
        });
        Assert.Equal(expected, actual);
        Assert.Contains("garbled", expected);
        Assert.Contains("no-read", expected);
    }

    [Theory]
    [InlineData("tcp")]
    [InlineData("pty")]
    public async Task A_gs1_datamatrix_label_reads_through_simulator_and_driver_to_the_same_gs1_data(string transport)
    {
        using var dir = new TempDirectory();
        var png = dir.File("label.png");
        ExternalTools.ZintPng(ZintSymbology.DataMatrix, "[01]09506000134352[17]271231[10]ABC123[21]SN0042", png, gs1: true, scale: 4);
        var expected = ElementString.Parse("0109506000134352" + "17271231" + "10ABC123\u001D" + "21SN0042");

        using var pty = transport == "pty" ? new PseudoTerminalPair() : null;
        var options = new SimulatedReaderOptions { ListenTcp = pty is null, SerialPath = pty?.PathB, Framing = ReaderFraming.CrLf };
        await using var simulator = SimulatedCodeReader.Start(options);
        var endpoint = pty is null ? $"tcp://127.0.0.1:{simulator.Port}" : $"serial:{pty.PathA}";
        await using var reader = new CodeReader(StreamConnectors.Create(DeviceEndpoint.Parse(endpoint)), ReaderFraming.CrLf);
        reader.Start();
        if (pty is null)
        {
            await WaitForClientAsync(simulator);
        }
        else
        {
            await WaitForStateAsync(reader, DeviceConnectionState.Connected);
        }

        var inspection = await simulator.InspectAsync(await File.ReadAllBytesAsync(png), CancellationToken.None);
        Assert.Equal(InspectionOutcome.Read, inspection.Outcome);
        var read = Assert.IsType<ReaderEvent.Read>(Assert.Single(await TakeAsync(reader, 1)));
        Assert.Contains('\u001D', read.Text);
        Assert.True(ScannedCode.TryParse(read.Text, out var data, out var error), error?.ToString());
        Assert.Equal(expected, data);
    }

    [Fact]
    public async Task A_gs1_128_label_decodes_without_the_symbology_prefix()
    {
        using var dir = new TempDirectory();
        var png = dir.File("label.png");
        ExternalTools.ZintPng(ZintSymbology.Gs1_128, "[01]09506000134352[10]AB1[21]77", png, gs1: true, scale: 2);
        await using var simulator = SimulatedCodeReader.Start(new SimulatedReaderOptions { ListenTcp = false });
        Assert.Equal("0109506000134352" + "10AB1\u001D2177", simulator.Decode(await File.ReadAllBytesAsync(png)));
    }

    [Fact]
    public void The_datasheet_names_every_knob_and_default()
    {
        var sheet = File.ReadAllText(RepositoryPaths.Combine("simulators", "Traceability.Simulators", "Readers", "DATASHEET.md"));
        foreach (var property in typeof(SimulatedReaderOptions).GetProperties())
        {
            Assert.Contains($"`{property.Name}`", sheet, StringComparison.Ordinal);
        }

        var defaults = new SimulatedReaderOptions();
        Assert.Contains($"`{defaults.NoReadToken}`", sheet, StringComparison.Ordinal);
        Assert.Equal(ReaderFraming.CrLf.ToString(), defaults.Framing.ToString());
        Assert.Contains("default CR LF", sheet, StringComparison.Ordinal);
        Assert.Contains($"`Seed` (default {defaults.Seed})", sheet, StringComparison.Ordinal);
        Assert.Contains("port 0", sheet, StringComparison.Ordinal);
    }

    private static Task WaitForClientAsync(SimulatedCodeReader simulator) =>
        Eventually.TrueAsync(() => simulator.ClientCount > 0, () => "The driver did not connect to the simulator.");

    private static Task WaitForStateAsync(CodeReader reader, DeviceConnectionState state) =>
        Eventually.TrueAsync(() => reader.State == state, () => $"The reader stayed {reader.State}.");

    private static Task<List<ReaderEvent>> TakeAsync(CodeReader reader, int count) =>
        Eventually.TakeAsync(reader.ReadAllAsync, count, TimeSpan.FromSeconds(10));
}
