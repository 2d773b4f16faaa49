using System.CommandLine;
using Traceability.LineAgent.Devices.Printers;
using Traceability.LineAgent.Devices.Transport;

namespace Traceability.Ctl.Commands;

/// <summary><c>tracectl printer …</c>: ask a ZPL printer for its status and send it a label, through the line agent's driver.</summary>
internal static class PrinterCommands
{
    public static Command Create() =>
        new("printer", "Talk to a Zebra ZPL printer over TCP (port 9100) or a serial port: status and test prints.")
        {
            CreateStatus(),
            CreatePrint(),
        };

    private static Option<string> TargetOption() => new("--target")
    {
        Description = "The printer: tcp://HOST:9100 or serial:PATH[?baud=9600&parity=none&dataBits=8&stopBits=1].",
        Required = true,
    };

    private static Option<int> TimeoutOption() => new("--timeout-s")
    {
        Description = "Seconds to wait for the connection and for the printer's answer.",
        DefaultValueFactory = _ => 5,
    };

    private static Command CreateStatus()
    {
        var target = TargetOption();
        var timeout = TimeoutOption();
        var command = new Command("status", "Asks the printer for its host status (~HS) and prints it as JSON. Exit 0 when ready, 3 when a condition stops printing.") { target, timeout };
        command.SetAction((parseResult, cancellationToken) => RunAsync(parseResult, target, timeout, async (printer, description, output, error) =>
        {
            var status = await printer.QueryStatusAsync(cancellationToken);
            output.WriteLine(StatusLine(description, status));
            return status.IsReady ? ExitCodes.Success : ExitCodes.DeviceNotReady;
        }));
        return command;
    }

    private static Command CreatePrint()
    {
        var target = TargetOption();
        var timeout = TimeoutOption();
        var zpl = new Option<FileInfo>("--zpl", "-z") { Description = "The ZPL file to send, e.g. from 'tracectl label render'.", Required = true };
        var jobId = new Option<string>("--job-id") { Description = "The job id for the agent's logs and duplicate guard (default: the file name)." };
        var command = new Command("print", "Checks the printer's status, then sends a ZPL file. Exit 3 (nothing sent) when the printer reports a fault.") { target, zpl, jobId, timeout };
        command.SetAction((parseResult, cancellationToken) =>
        {
            var file = parseResult.GetRequiredValue(zpl);
            string text;
            try
            {
                text = File.ReadAllText(file.Exists ? file.FullName : throw new FileNotFoundException($"{file.FullName} does not exist."));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                parseResult.InvocationConfiguration.Error.WriteLine($"--zpl: {e.Message}");
                return Task.FromResult(ExitCodes.InvalidInput);
            }

            var id = parseResult.GetValue(jobId) ?? file.Name;
            return RunAsync(parseResult, target, timeout, async (printer, description, output, error) =>
            {
                try
                {
                    await printer.PrintAsync(new PrintJob(id, text), cancellationToken);
                }
                catch (PrinterNotReadyException e)
                {
                    error.WriteLine($"{e.Message}: job {id} was not sent.");
                    return ExitCodes.DeviceNotReady;
                }

                output.WriteLine(JsonLine.Write(w =>
                {
                    w.WriteString("target", description);
                    w.WriteString("jobId", id);
                    w.WriteNumber("bytes", System.Text.Encoding.UTF8.GetByteCount(text));
                    w.WriteString("result", "sent");
                }));
                return ExitCodes.Success;
            });
        });
        return command;
    }

    private static async Task<int> RunAsync(
        ParseResult parseResult,
        Option<string> targetOption,
        Option<int> timeoutOption,
        Func<ZplPrinter, string, TextWriter, TextWriter, Task<int>> action)
    {
        var output = parseResult.InvocationConfiguration.Output;
        var error = parseResult.InvocationConfiguration.Error;
        if (!DeviceEndpoint.TryParse(parseResult.GetRequiredValue(targetOption), out var endpoint, out var endpointError))
        {
            error.WriteLine($"--target: {endpointError}");
            return ExitCodes.InvalidInput;
        }

        var seconds = parseResult.GetValue(timeoutOption);
        if (seconds < 1)
        {
            error.WriteLine("--timeout-s must be at least 1.");
            return ExitCodes.InvalidInput;
        }

        // One attempt: a person at a terminal wants the error now, not the agent's reconnect backoff.
        var options = new ZplPrinterOptions { StatusTimeout = TimeSpan.FromSeconds(seconds), WriteTimeout = TimeSpan.FromSeconds(seconds), MaxConnectAttempts = 1 };
        await using var printer = new ZplPrinter(StreamConnectors.Create(endpoint, TimeSpan.FromSeconds(seconds)), options);
        try
        {
            return await action(printer, endpoint.ToString(), output, error);
        }
        catch (Exception e) when (e is IOException or FormatException or UnauthorizedAccessException or InvalidOperationException)
        {
            // DeviceConnectionException and PrintOutcomeUnknownException are IOExceptions whose messages name the printer.
            error.WriteLine(e.Message.Contains(endpoint.ToString(), StringComparison.Ordinal) ? e.Message : $"{endpoint}: {e.Message}");
            return ExitCodes.InvalidInput;
        }
    }

    private static string StatusLine(string target, PrinterStatus status) => JsonLine.Write(w =>
    {
        w.WriteString("target", target);
        w.WriteBoolean("ready", status.IsReady);
        w.WriteStartArray("conditions");
        foreach (var condition in status.Conditions)
        {
            w.WriteStringValue(condition);
        }

        w.WriteEndArray();
        w.WriteBoolean("paperOut", status.PaperOut);
        w.WriteBoolean("ribbonOut", status.RibbonOut);
        w.WriteBoolean("headOpen", status.HeadOpen);
        w.WriteBoolean("paused", status.Paused);
        w.WriteBoolean("bufferFull", status.BufferFull);
        w.WriteBoolean("underTemperature", status.UnderTemperature);
        w.WriteBoolean("overTemperature", status.OverTemperature);
        w.WriteBoolean("corruptRam", status.CorruptRam);
        w.WriteBoolean("thermalTransfer", status.ThermalTransfer);
        w.WriteString("printMode", status.PrintMode.ToString());
        w.WriteNumber("labelLengthDots", status.LabelLengthDots);
        w.WriteNumber("formatsInReceiveBuffer", status.FormatsInReceiveBuffer);
        w.WriteNumber("labelsRemainingInBatch", status.LabelsRemainingInBatch);
        w.WriteBoolean("labelWaiting", status.LabelWaiting);
    });
}
