using System.Text.Json;
using Traceability.Simulators.Printers;
using Traceability.Testing;

namespace Traceability.Ctl.Tests;

/// <summary>tracectl printer against the simulated Zebra printer over TCP (simulators/…/Printers/DATASHEET.md).</summary>
public sealed class PrinterCommandsTests
{
    private const string Label = "^XA^FO20,20^A0N,30,30^FDtracectl test^FS^XZ";

    private static SimulatedZplPrinter StartPrinter()
    {
        var printer = new SimulatedZplPrinter();
        printer.StartTcp();
        return printer;
    }

    [Fact]
    public async Task Status_of_a_readyprinter_is_json_with_no_conditions_and_exit_0()
    {
        await using var printer = StartPrinter();
        var outcome = await Tracectl.RunAsync("printer", "status", "--target", printer.TcpEndpoint);

        Assert.Equal((0, ""), (outcome.ExitCode, outcome.Stderr));
        using var json = JsonDocument.Parse(outcome.Stdout);
        Assert.Equal(printer.TcpEndpoint, json.RootElement.GetProperty("target").GetString());
        Assert.True(json.RootElement.GetProperty("ready").GetBoolean());
        Assert.Equal(0, json.RootElement.GetProperty("conditions").GetArrayLength());
        Assert.Equal(1, printer.StatusQueries);
    }

    [Fact]
    public async Task Status_with_the_ribbon_out_lists_the_condition_and_exits_3()
    {
        await using var printer = StartPrinter();
        printer.RibbonOut = true;

        var outcome = await Tracectl.RunAsync("printer", "status", "--target", printer.TcpEndpoint);

        Assert.Equal((ExitCodes.DeviceNotReady, ""), (outcome.ExitCode, outcome.Stderr));
        using var json = JsonDocument.Parse(outcome.Stdout);
        Assert.False(json.RootElement.GetProperty("ready").GetBoolean());
        Assert.True(json.RootElement.GetProperty("ribbonOut").GetBoolean());
        Assert.Equal(["ribbon out"], json.RootElement.GetProperty("conditions").EnumerateArray().Select(c => c.GetString()));
    }

    [Fact]
    public async Task Print_sends_the_file_and_theprinter_prints_it()
    {
        await using var printer = StartPrinter();
        using var temp = new TempDirectory();
        var file = temp.File("test.zpl");
        await File.WriteAllTextAsync(file, Label);

        var outcome = await Tracectl.RunAsync("printer", "print", "--target", printer.TcpEndpoint, "--zpl", file, "--job-id", "Q7XK2M9PZR4T");

        Assert.Equal((0, ""), (outcome.ExitCode, outcome.Stderr));
        Assert.Equal($"{{\"target\":\"{printer.TcpEndpoint}\",\"jobId\":\"Q7XK2M9PZR4T\",\"bytes\":{Label.Length},\"result\":\"sent\"}}", outcome.Stdout.TrimEnd());
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var printed = await printer.Printed.ReadAsync(wait.Token);
        Assert.Equal(Label, printed.Zpl);
    }

    [Fact]
    public async Task Print_to_aprinter_with_the_ribbon_out_sends_nothing_and_exits_3()
    {
        await using var printer = StartPrinter();
        using var temp = new TempDirectory();
        printer.RibbonOut = true;
        var file = temp.File("test.zpl");
        await File.WriteAllTextAsync(file, Label);

        var outcome = await Tracectl.RunAsync("printer", "print", "--target", printer.TcpEndpoint, "--zpl", file);

        Assert.Equal((ExitCodes.DeviceNotReady, ""), (outcome.ExitCode, outcome.Stdout));
        Assert.Contains($"{printer.TcpEndpoint}: ribbon out: job test.zpl was not sent.", outcome.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, printer.HeldFormats);
        Assert.Empty(printer.PrintedLabels);
    }

    [Fact]
    public async Task An_unreachableprinter_is_named_and_exits_2()
    {
        var target = $"tcp://127.0.0.1:{PlcCommandsTests.ClosedPort()}";

        var outcome = await Tracectl.RunAsync("printer", "status", "--target", target);

        Assert.Equal((ExitCodes.InvalidInput, ""), (outcome.ExitCode, outcome.Stdout));
        Assert.Contains(target, outcome.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("lpt1")]
    [InlineData("tcp://printer")]
    public async Task A_target_that_is_not_an_endpoint_is_rejected(string target)
    {
        var outcome = await Tracectl.RunAsync("printer", "status", "--target", target);

        Assert.Equal((ExitCodes.InvalidInput, ""), (outcome.ExitCode, outcome.Stdout));
        Assert.StartsWith($"--target: Device endpoint \"{target}\"", outcome.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Print_of_a_missing_file_names_it()
    {
        await using var printer = StartPrinter();
        using var temp = new TempDirectory();
        var outcome = await Tracectl.RunAsync("printer", "print", "--target", printer.TcpEndpoint, "--zpl", temp.File("missing.zpl"));

        Assert.Equal((ExitCodes.InvalidInput, ""), (outcome.ExitCode, outcome.Stdout));
        Assert.Contains("missing.zpl does not exist", outcome.Stderr, StringComparison.Ordinal);
    }
}
