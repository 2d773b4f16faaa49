using System.Text.Json;
using Traceability.LineAgent.Devices.Readers;
using Traceability.Simulators.Readers;
using Traceability.Testing;

namespace Traceability.Ctl.Tests;

/// <summary>tracectl reader listen and capture record/replay against the simulated code reader over TCP.</summary>
public sealed class ReaderCommandsTests
{
    private const string Gs1 = "010950600013435210ABC\u001D2112345";

    [Fact]
    public async Task Listen_prints_reads_and_no_reads_as_json_lines_with_GS_escaped()
    {
        await using var simulator = SimulatedCodeReader.Start(new SimulatedReaderOptions());

        var listen = Tracectl.RunAsync("reader", "listen", "--source", $"tcp://127.0.0.1:{simulator.Port}", "--framing", "crlf", "--count", "3", "--timeout-s", "20");
        await SendWhenConnectedAsync(simulator, 1, Gs1, null, "Q7XK2M9PZR4T");
        var outcome = await listen;

        Assert.Equal((0, ""), (outcome.ExitCode, outcome.Stderr));
        var lines = PlcCommandsTests.Lines(outcome.Stdout);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("{\"event\":\"read\",\"text\":\"010950600013435210ABC\\u001D2112345\",\"at\":\"", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("{\"event\":\"noread\",\"at\":\"", lines[1], StringComparison.Ordinal);
        Assert.Equal("Q7XK2M9PZR4T", JsonDocument.Parse(lines[2]).RootElement.GetProperty("text").GetString());
        Assert.True(DateTimeOffset.TryParse(JsonDocument.Parse(lines[0]).RootElement.GetProperty("at").GetString(), System.Globalization.CultureInfo.InvariantCulture, out _));
    }

    [Fact]
    public async Task Listen_over_stx_etx_framing_with_a_custom_no_read_token()
    {
        await using var simulator = SimulatedCodeReader.Start(new SimulatedReaderOptions { Framing = ReaderFraming.StxEtx, NoReadToken = "ERROR" });

        var listen = Tracectl.RunAsync("reader", "listen", "-s", $"tcp://127.0.0.1:{simulator.Port}", "-f", "stx-etx", "--no-read", "ERROR", "-c", "2", "--timeout-s", "20");
        await SendWhenConnectedAsync(simulator, 1, null, Gs1);
        var outcome = await listen;

        Assert.Equal((0, ""), (outcome.ExitCode, outcome.Stderr));
        Assert.Equal(["noread", "read"], PlcCommandsTests.Lines(outcome.Stdout).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("event").GetString()));
    }

    [Fact]
    public async Task Listen_that_times_out_before_count_events_exits_4_with_what_it_got()
    {
        await using var simulator = SimulatedCodeReader.Start(new SimulatedReaderOptions());

        var listen = Tracectl.RunAsync("reader", "listen", "--source", $"tcp://127.0.0.1:{simulator.Port}", "--count", "2", "--timeout-s", "2");
        await SendWhenConnectedAsync(simulator, 1, "ONLY-ONE");
        var outcome = await listen;

        Assert.Equal((ExitCodes.TimedOut, ""), (outcome.ExitCode, outcome.Stderr));
        Assert.Single(PlcCommandsTests.Lines(outcome.Stdout));
    }

    [Fact]
    public async Task Listen_to_an_unreachable_reader_names_it_and_exits_2()
    {
        var source = $"tcp://127.0.0.1:{PlcCommandsTests.ClosedPort()}";

        var outcome = await Tracectl.RunAsync("reader", "listen", "--source", source, "--count", "1");

        Assert.Equal((ExitCodes.InvalidInput, ""), (outcome.ExitCode, outcome.Stdout));
        Assert.Contains(source, outcome.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Listen_with_an_unknown_framing_says_which_framings_exist()
    {
        var outcome = await Tracectl.RunAsync("reader", "listen", "--source", "tcp://127.0.0.1:1", "--framing", "etx");

        Assert.Equal((ExitCodes.InvalidInput, ""), (outcome.ExitCode, outcome.Stdout));
        Assert.Contains("--framing: Reader framing \"etx\": \"etx\" is not understood; use cr, lf, crlf, stx-etx", outcome.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Capture_record_then_replay_gives_the_events_listen_saw()
    {
        using var temp = new TempDirectory();
        var file = temp.File("reader.capture");
        Tracectl.Outcome recorded, listened;
        var simulator = SimulatedCodeReader.Start(new SimulatedReaderOptions());
        var disposed = false;
        try
        {
            var source = $"tcp://127.0.0.1:{simulator.Port}";
            var record = Tracectl.RunAsync("capture", "record", "--source", source, "--out", file, "--seconds", "30");
            var listen = Tracectl.RunAsync("reader", "listen", "--source", source, "--count", "4", "--timeout-s", "30");
            await SendWhenConnectedAsync(simulator, 2, Gs1, null, "Q7XK2M9PZR4T", "(01)09506000134352");
            listened = await listen;

            // The simulator closing the connection ends the recording, as a reader switched off would.
            disposed = true;
            await simulator.DisposeAsync();
            recorded = await record;
        }
        finally
        {
            if (!disposed)
            {
                await simulator.DisposeAsync();
            }
        }

        var replayed = await Tracectl.RunAsync("capture", "replay", "--file", file, "--framing", "crlf", "--speed", "0");

        Assert.Equal((0, ""), (recorded.ExitCode, recorded.Stderr));
        using (var summary = JsonDocument.Parse(recorded.Stdout))
        {
            Assert.Equal(Gs1.Length + "NOREAD".Length + "Q7XK2M9PZR4T".Length + "(01)09506000134352".Length + 4 * 2, summary.RootElement.GetProperty("bytes").GetInt64());
        }

        Assert.StartsWith("# traceability-capture v1 started=", File.ReadLines(file).First(), StringComparison.Ordinal);
        Assert.Equal((0, ""), (listened.ExitCode, listened.Stderr));
        Assert.Equal((0, ""), (replayed.ExitCode, replayed.Stderr));
        Assert.Equal(4, Events(listened).Count);
        Assert.Equal(Events(listened), Events(replayed));
    }

    [Fact]
    public async Task Replay_of_a_file_that_is_not_a_capture_names_the_line()
    {
        using var temp = new TempDirectory();
        var file = temp.File("not.capture");
        await File.WriteAllTextAsync(file, "hello\n");

        var outcome = await Tracectl.RunAsync("capture", "replay", "--file", file, "--framing", "crlf");

        Assert.Equal((ExitCodes.InvalidInput, ""), (outcome.ExitCode, outcome.Stdout));
        Assert.Contains("line 1: not a capture file", outcome.Stderr, StringComparison.Ordinal);
    }

    // The events without their "at": a replay stamps them when it replays them.
    private static List<string> Events(Tracectl.Outcome outcome) =>
        [.. PlcCommandsTests.Lines(outcome.Stdout).Select(l => JsonDocument.Parse(l).RootElement).Select(e => $"{e.GetProperty("event").GetString()}|{(e.TryGetProperty("text", out var t) ? t.GetString() : "")}")];

    private static async Task SendWhenConnectedAsync(SimulatedCodeReader simulator, int clients, params string?[] texts)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (simulator.ClientCount < clients)
        {
            await Task.Delay(20, timeout.Token);
        }

        foreach (var text in texts)
        {
            await simulator.SendAsync(text, timeout.Token);
        }
    }
}
