using System.CommandLine;
using System.Text;
using Traceability.LineAgent.Devices.Capture;
using Traceability.LineAgent.Devices.Readers;
using Traceability.LineAgent.Devices.Transport;

namespace Traceability.Ctl.Commands;

/// <summary><c>tracectl capture …</c>: record a device's raw byte stream to a capture file, and replay one into the reader driver.</summary>
internal static class CaptureCommands
{
    public static Command Create() =>
        new("capture", "Record a device's raw bytes to a capture file (for a bug report or a test), and replay captures.")
        {
            CreateRecord(),
            CreateReplay(),
        };

    private static Command CreateRecord()
    {
        var source = new Option<string>("--source", "-s") { Description = "The device: tcp://HOST:PORT or serial:PATH[?baud=…].", Required = true };
        var output = new Option<FileInfo>("--out", "-o") { Description = "The capture file to write (traceability-capture v1, one line per read).", Required = true };
        var seconds = new Option<int?>("--seconds") { Description = "Stop after this many seconds (default: until the device closes the connection or Ctrl-C)." };
        var command = new Command("record", "Records everything a device sends, with timing, to a capture file; prints a summary as JSON.") { source, output, seconds };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var stdout = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            if (!ReaderCommands.TryParseEndpoint("--source", parseResult.GetRequiredValue(source), error, out var endpoint))
            {
                return ExitCodes.InvalidInput;
            }

            if (parseResult.GetValue(seconds) is < 1)
            {
                error.WriteLine("--seconds must be at least 1.");
                return ExitCodes.InvalidInput;
            }

            var file = parseResult.GetRequiredValue(output).FullName;
            if (Directory.Exists(file))
            {
                error.WriteLine($"--out: {file} is a folder; give a file name.");
                return ExitCodes.InvalidInput;
            }

            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            if (parseResult.GetValue(seconds) is { } s)
            {
                stop.CancelAfter(TimeSpan.FromSeconds(s));
            }

            var (records, bytes) = (0, 0L);
            try
            {
                var device = await StreamConnectors.Create(endpoint).ConnectAsync(stop.Token);
                await using var recording = new RecordingStream(device, new StreamWriter(file, append: false, new UTF8Encoding(false)), endpoint.ToString());
                var buffer = new byte[4096];
                int n;
                while ((n = await recording.ReadAsync(buffer, stop.Token)) > 0)
                {
                    records++;
                    bytes += n;
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                // --seconds or Ctrl-C: the capture is complete up to here (RecordingStream flushes every record).
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                error.WriteLine(e.Message.Contains(endpoint.ToString(), StringComparison.Ordinal) ? e.Message : $"{endpoint}: {e.Message}");
                return ExitCodes.InvalidInput;
            }

            stdout.WriteLine(JsonLine.Write(w =>
            {
                w.WriteString("file", file);
                w.WriteString("device", endpoint.ToString());
                w.WriteNumber("records", records);
                w.WriteNumber("bytes", bytes);
            }));
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command CreateReplay()
    {
        var file = new Option<FileInfo>("--file", "-i") { Description = "The capture file (from 'capture record' or the line agent).", Required = true };
        var framing = ReaderCommands.FramingOption();
        var noRead = ReaderCommands.NoReadOption();
        var speed = new Option<double>("--speed") { Description = "1 replays at the recorded pace, 10 ten times faster, 0 as fast as possible.", DefaultValueFactory = _ => 1.0 };
        var command = new Command("replay", "Replays a capture's received bytes into the code reader driver and prints its events like 'reader listen'.") { file, framing, noRead, speed };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            if (!ReaderCommands.TryParseFraming(parseResult.GetRequiredValue(framing), error, out var parsedFraming))
            {
                return ExitCodes.InvalidInput;
            }

            var factor = parseResult.GetValue(speed);
            if (factor < 0 || double.IsNaN(factor))
            {
                error.WriteLine($"--speed: {factor} is negative; use 1 (recorded pace), a larger factor, or 0 (no waiting).");
                return ExitCodes.InvalidInput;
            }

            CaptureFile capture;
            var path = parseResult.GetRequiredValue(file).FullName;
            try
            {
                capture = CaptureFile.Load(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
            {
                error.WriteLine(e is FileNotFoundException ? $"--file: {path} does not exist." : e.Message);
                return ExitCodes.InvalidInput;
            }

            var connector = new OneReplayConnector(new ReplayConnector(capture, factor == 0 ? double.PositiveInfinity : factor));
            var reader = new CodeReader(connector, parsedFraming, parseResult.GetRequiredValue(noRead));
            var disposed = false;
            try
            {
                reader.Start();
                var printing = ReaderCommands.PrintEventsAsync(reader.ReadAllAsync(cancellationToken), output, null, cancellationToken);
                if (await Task.WhenAny(printing, connector.Ended.WaitAsync(cancellationToken)) != printing)
                {
                    // The driver has framed every byte of the capture; disposing it completes the event stream once drained.
                    disposed = true;
                    await reader.DisposeAsync();
                }

                await printing;
                return ExitCodes.Success;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return ExitCodes.Success;
            }
            finally
            {
                if (!disposed)
                {
                    await reader.DisposeAsync();
                }
            }
        });
        return command;
    }

    /// <summary>
    /// Replays the capture once. The driver reconnects when a stream ends (its job on the line), so its second connect
    /// means every recorded byte has been read and framed: that is when the replay has ended.
    /// </summary>
    private sealed class OneReplayConnector(ReplayConnector replay) : IStreamConnector
    {
        private readonly TaskCompletionSource _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _connects;

        public Task Ended => _ended.Task;

        public string Description => replay.Description;

        public async ValueTask<Stream> ConnectAsync(CancellationToken cancellationToken)
        {
            if (Interlocked.Increment(ref _connects) == 1)
            {
                return await replay.ConnectAsync(cancellationToken);
            }

            _ended.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new OperationCanceledException(cancellationToken);
        }
    }
}
