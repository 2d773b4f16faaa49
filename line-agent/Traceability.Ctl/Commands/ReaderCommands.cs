using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Traceability.LineAgent.Devices.Readers;
using Traceability.LineAgent.Devices.Transport;

namespace Traceability.Ctl.Commands;

/// <summary><c>tracectl reader …</c>: listen to a fixed-mount code reader through the line agent's driver.</summary>
internal static class ReaderCommands
{
    public static Command Create() =>
        new("reader", "Listen to a fixed-mount code reader (serial or TCP) and print what it decodes.")
        {
            CreateListen(),
        };

    internal static Option<string> FramingOption() => new("--framing", "-f")
    {
        Description = "How the reader ends each code: crlf, cr, lf, stx-etx, or prefix:0xHH…,suffix:0xHH…[,max:N].",
        DefaultValueFactory = _ => "crlf",
    };

    internal static Option<string> NoReadOption() => new("--no-read")
    {
        Description = "What the reader sends when it decodes nothing.",
        DefaultValueFactory = _ => "NOREAD",
    };

    private static Command CreateListen()
    {
        var source = new Option<string>("--source", "-s") { Description = "The reader: tcp://HOST:PORT or serial:PATH[?baud=9600&parity=none&dataBits=8&stopBits=1].", Required = true };
        var framing = FramingOption();
        var noRead = NoReadOption();
        var count = new Option<int?>("--count", "-c") { Description = "Stop after this many events (reads, no-reads, garbled frames)." };
        var timeout = new Option<int?>("--timeout-s") { Description = "Stop after this many seconds (default: until --count or Ctrl-C)." };
        var command = new Command("listen", "Prints each reader event as a JSON line: {\"event\":\"read\",\"text\":…,\"at\":…}, noread or garbled.") { source, framing, noRead, count, timeout };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            if (!TryParseFraming(parseResult.GetRequiredValue(framing), error, out var parsedFraming)
                || !TryParseEndpoint("--source", parseResult.GetRequiredValue(source), error, out var endpoint))
            {
                return ExitCodes.InvalidInput;
            }

            var (max, seconds) = (parseResult.GetValue(count), parseResult.GetValue(timeout));
            if (max is < 1 || seconds is < 1)
            {
                error.WriteLine("--count and --timeout-s must be at least 1.");
                return ExitCodes.InvalidInput;
            }

            // Connect once here so an unreachable reader is an error now; the driver would retry forever (its job on the line).
            var connector = StreamConnectors.Create(endpoint);
            Stream first;
            try
            {
                using var connectTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                connectTimeout.CancelAfter(TimeSpan.FromSeconds(seconds ?? 5));
                first = await connector.ConnectAsync(connectTimeout.Token);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or OperationCanceledException)
            {
                error.WriteLine(e.Message.Contains(endpoint.ToString(), StringComparison.Ordinal) ? e.Message : $"{endpoint}: {e.Message}");
                return ExitCodes.InvalidInput;
            }

            var reader = new CodeReader(new FirstStreamConnector(connector, first), parsedFraming, parseResult.GetRequiredValue(noRead));
            try
            {
                reader.Start();
                using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                if (seconds is { } s)
                {
                    deadline.CancelAfter(TimeSpan.FromSeconds(s));
                }

                var printed = await PrintEventsAsync(reader.ReadAllAsync(deadline.Token), output, max, deadline.Token);
                return max is { } wanted && printed < wanted && !cancellationToken.IsCancellationRequested ? ExitCodes.TimedOut : ExitCodes.Success;
            }
            finally
            {
                await reader.DisposeAsync();
            }
        });
        return command;
    }

    /// <summary>Prints events as JSON lines until <paramref name="max"/>, the end of the stream, or cancellation; returns how many.</summary>
    internal static async Task<int> PrintEventsAsync(IAsyncEnumerable<ReaderEvent> events, TextWriter output, int? max, CancellationToken cancellationToken)
    {
        var printed = 0;
        try
        {
            await foreach (var e in events.WithCancellation(cancellationToken))
            {
                output.WriteLine(EventLine(e));
                output.Flush();
                if (++printed == max)
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl-C or --timeout-s: the lines printed so far are the result.
        }

        return printed;
    }

    internal static string EventLine(ReaderEvent e) => JsonLine.Write(w =>
    {
        switch (e)
        {
            case ReaderEvent.Read read:
                w.WriteString("event", "read");
                w.WriteString("text", read.Text);
                break;
            case ReaderEvent.NoRead:
                w.WriteString("event", "noread");
                break;
            case ReaderEvent.Garbled garbled:
                w.WriteString("event", "garbled");
                w.WriteString("reason", garbled.Reason);
                w.WriteString("raw", Convert.ToHexString(garbled.Raw));
                break;
        }

        w.WriteString("at", e.At.ToString("O", CultureInfo.InvariantCulture));
    });

    internal static bool TryParseFraming(string text, TextWriter error, out ReaderFraming framing)
    {
        if (ReaderFraming.TryParse(text, out var parsed, out var message))
        {
            framing = parsed;
            return true;
        }

        error.WriteLine($"--framing: {message}");
        framing = ReaderFraming.CrLf;
        return false;
    }

    internal static bool TryParseEndpoint(string option, string text, TextWriter error, out DeviceEndpoint endpoint)
    {
        if (DeviceEndpoint.TryParse(text, out endpoint, out var message))
        {
            return true;
        }

        error.WriteLine($"{option}: {message}");
        return false;
    }

    /// <summary>Hands out an already open stream first, then connects as usual (the driver's reconnects after a drop).</summary>
    private sealed class FirstStreamConnector(IStreamConnector inner, Stream first) : IStreamConnector
    {
        private Stream? _first = first;

        public string Description => inner.Description;

        public ValueTask<Stream> ConnectAsync(CancellationToken cancellationToken) =>
            Interlocked.Exchange(ref _first, null) is { } stream ? ValueTask.FromResult(stream) : inner.ConnectAsync(cancellationToken);
    }
}
