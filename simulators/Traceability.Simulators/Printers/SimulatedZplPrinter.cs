using System.Collections.Concurrent;
using System.Globalization;
using System.IO.Ports;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Traceability.Labels.Rendering;
using Traceability.Labels.Zpl;
using Traceability.LineAgent.Devices.Printers;

namespace Traceability.Simulators.Printers;

/// <summary>
/// A Zebra ZPL II printer on 127.0.0.1 (port 0, reported) and/or a pseudo-terminal: parses ^XA … ^XZ formats and ~HS
/// queries, answers ~HS in Zebra's three-string format, "prints" by rendering with the ZPL interpreter, and has fault
/// knobs. While a fault is set, formats are held in the receive buffer and print when it clears, as a real Zebra does.
/// See DATASHEET.md.
/// </summary>
public sealed partial class SimulatedZplPrinter : IAsyncDisposable
{
    private readonly object _lock = new();
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly Channel<PrintedLabel> _printed = Channel.CreateUnbounded<PrintedLabel>();
    private readonly List<PrintedLabel> _printedLabels = [];
    private readonly List<PrinterError> _errors = [];
    private readonly Queue<string> _held = new();
    private readonly ConcurrentDictionary<int, TcpClient> _clients = new();
    private readonly List<Task> _tasks = [];
    private TcpListener? _listener;
    private SerialPort? _serialPort;
    private bool _ribbonOut;
    private bool _paperOut;
    private bool _headOpen;
    private bool _paused;
    private bool _jammed;
    private int _nextClient;
    private int _statusQueries;

    /// <summary>Creates a simulator; nothing listens until <see cref="StartTcp"/> or <see cref="ServeSerial"/>.</summary>
    public SimulatedZplPrinter(TimeProvider? timeProvider = null, ILogger<SimulatedZplPrinter>? logger = null)
    {
        _timeProvider = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger<SimulatedZplPrinter>.Instance;
    }

    /// <summary>Print resolution used to render (8 dots/mm = 203 dpi).</summary>
    public int DotsPerMm { get; init; } = 8;

    /// <summary>The label length reported in ~HS (dots).</summary>
    public int LabelLengthDots { get; init; } = 400;

    /// <summary>Formats the receive buffer holds before ~HS reports it full.</summary>
    public int BufferCapacity { get; init; } = 64;

    /// <summary>The bound TCP port (0 before <see cref="StartTcp"/>).</summary>
    public int Port { get; private set; }

    /// <summary>The TCP endpoint, for <c>DeviceEndpoint.Parse</c>.</summary>
    public string TcpEndpoint => string.Create(CultureInfo.InvariantCulture, $"tcp://127.0.0.1:{Port}");

    /// <summary>Fault knob: out of ribbon (~HS string 2, field p). Formats are held until cleared.</summary>
    public bool RibbonOut { get => Get(ref _ribbonOut); set => Set(ref _ribbonOut, value); }

    /// <summary>Fault knob: out of media (~HS string 1, field b). Formats are held until cleared.</summary>
    public bool PaperOut { get => Get(ref _paperOut); set => Set(ref _paperOut, value); }

    /// <summary>Fault knob: print head up (~HS string 2, field o). Formats are held until cleared.</summary>
    public bool HeadOpen { get => Get(ref _headOpen); set => Set(ref _headOpen, value); }

    /// <summary>Fault knob: paused (~HS string 1, field c). Formats are held until cleared.</summary>
    public bool Paused { get => Get(ref _paused); set => Set(ref _paused, value); }

    /// <summary>True after <see cref="Jam"/> until <see cref="ClearJam"/>.</summary>
    public bool Jammed => Get(ref _jammed);

    /// <summary>Fault knob: how long the simulator waits before answering ~HS.</summary>
    public TimeSpan ResponseDelay { get; set; }

    /// <summary>Labels printed so far (a snapshot).</summary>
    public IReadOnlyList<PrintedLabel> PrintedLabels
    {
        get
        {
            lock (_lock)
            {
                return [.. _printedLabels];
            }
        }
    }

    /// <summary>Each printed label, in order, for a reader simulator to consume.</summary>
    public ChannelReader<PrintedLabel> Printed => _printed.Reader;

    /// <summary>Formats that could not be printed (malformed ZPL): the printer's error state, not a crash.</summary>
    public IReadOnlyList<PrinterError> Errors
    {
        get
        {
            lock (_lock)
            {
                return [.. _errors];
            }
        }
    }

    /// <summary>Formats held in the receive buffer (a fault or jam is set).</summary>
    public int HeldFormats
    {
        get
        {
            lock (_lock)
            {
                return _held.Count;
            }
        }
    }

    /// <summary>~HS queries answered.</summary>
    public int StatusQueries => Volatile.Read(ref _statusQueries);

    /// <summary>The status ~HS reports now.</summary>
    public PrinterStatus Status
    {
        get
        {
            lock (_lock)
            {
                return new PrinterStatus
                {
                    PaperOut = _paperOut,
                    Paused = _paused,
                    LabelLengthDots = LabelLengthDots,
                    FormatsInReceiveBuffer = Math.Min(_held.Count, 999),
                    BufferFull = _held.Count >= BufferCapacity,
                    HeadOpen = _headOpen,
                    RibbonOut = _ribbonOut,
                    ThermalTransfer = true,
                    PrintMode = ZebraPrintMode.TearOff,
                    LabelsRemainingInBatch = _held.Sum(Quantity),
                };
            }
        }
    }

    /// <summary>Listens on 127.0.0.1, port 0; returns the bound port.</summary>
    public int StartTcp()
    {
        ObjectDisposedException.ThrowIf(_stop.IsCancellationRequested, this);
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        _listener = listener;
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        SimulatorLog.Listening(_logger, TcpEndpoint);
        lock (_lock)
        {
            _tasks.Add(Task.Run(() => AcceptLoopAsync(listener, _stop.Token)));
        }

        return Port;
    }

    /// <summary>Serves one end of a pseudo-terminal pair (or a real serial port) as the printer's serial interface.</summary>
    public void ServeSerial(string portPath)
    {
        ObjectDisposedException.ThrowIf(_stop.IsCancellationRequested, this);
        var port = new SerialPort(portPath, 9600, Parity.None, 8, StopBits.One);
        try
        {
            port.Open();
            port.DiscardInBuffer();
        }
        catch
        {
            port.Dispose();
            throw;
        }

        _serialPort = port;
        SimulatorLog.Listening(_logger, "serial:" + portPath);
        lock (_lock)
        {
            _tasks.Add(Task.Run(() => SessionAsync(port.BaseStream, "serial:" + portPath, _stop.Token)));
        }
    }

    /// <summary>Fault knob: the mechanism stops. ~HS has no jam flag, so status still reads ready while formats pile up in the buffer.</summary>
    public void Jam() => Set(ref _jammed, true);

    /// <summary>Clears the jam; held formats print.</summary>
    public void ClearJam() => Set(ref _jammed, false);

    /// <summary>Fault knob: hangs up every TCP connection (the listener stays open, as after a printer's network reset).</summary>
    public void DropConnection()
    {
        foreach (var (id, client) in _clients)
        {
            if (_clients.TryRemove(id, out _))
            {
                // The connection's own task may be closing the client at this moment (its socket is then null or disposed):
                // a reset is only wanted while the socket is still there.
                try
                {
                    if (client.Client is { } socket)
                    {
                        socket.LingerState = new LingerOption(true, 0);
                    }
                }
                catch (ObjectDisposedException)
                {
                }

                client.Dispose();
            }
        }
    }

    /// <summary>Stops listening and closes every connection.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_stop.IsCancellationRequested)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        _listener?.Stop();
        _listener?.Dispose();
        DropConnection();
        _serialPort?.Dispose();
        Task[] tasks;
        lock (_lock)
        {
            tasks = [.. _tasks];
        }

        try
        {
            await Task.WhenAll(tasks).WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or TimeoutException or IOException or ObjectDisposedException or SocketException)
        {
        }

        _printed.Writer.TryComplete();
        _stop.Dispose();
    }

    [GeneratedRegex(@"\^PQ(\d+)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PrintQuantity();

    private static int Quantity(string zpl) =>
        PrintQuantity().Match(zpl) is { Success: true } m && int.TryParse(m.Groups[1].ValueSpan, CultureInfo.InvariantCulture, out var q) && q > 0 ? q : 1;

    private bool Get(ref bool field)
    {
        lock (_lock)
        {
            return field;
        }
    }

    private void Set(ref bool field, bool value)
    {
        lock (_lock)
        {
            field = value;
            while (_held.Count > 0 && CanPrint())
            {
                PrintLocked(_held.Dequeue());
            }
        }
    }

    private bool CanPrint() => !(_ribbonOut || _paperOut || _headOpen || _paused || _jammed);

    private void Receive(string zpl)
    {
        lock (_lock)
        {
            if (CanPrint() && _held.Count == 0)
            {
                PrintLocked(zpl);
            }
            else
            {
                _held.Enqueue(zpl);
                SimulatorLog.Held(_logger, _jammed ? "jammed" : string.Join(", ", Status.Conditions));
            }
        }
    }

    private void PrintLocked(string zpl)
    {
        try
        {
            using var result = ZplInterpreter.Render(zpl, new ZplRenderOptions(DotsPerMm));
            var png = PngRenderer.EncodePng(result.Labels[0]);
            var label = new PrintedLabel(_printedLabels.Count + 1, zpl, png, result.Quantity, _timeProvider.GetUtcNow());
            _printedLabels.Add(label);
            _printed.Writer.TryWrite(label);
            SimulatorLog.Printed(_logger, label.Sequence, png.Length);
        }
        catch (ZplException e)
        {
            _errors.Add(new PrinterError(zpl, e.Message, _timeProvider.GetUtcNow()));
            SimulatorLog.Rejected(_logger, e.Message);
        }
    }

    private async Task AcceptLoopAsync(TcpListener listener, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            var id = Interlocked.Increment(ref _nextClient);
            _clients[id] = client;
            var task = Task.Run(async () =>
            {
                try
                {
                    await SessionAsync(client.GetStream(), string.Create(CultureInfo.InvariantCulture, $"{TcpEndpoint}#{id}"), cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    _clients.TryRemove(id, out _);
                    client.Dispose();
                }
            }, CancellationToken.None);
            lock (_lock)
            {
                _tasks.Add(task);
            }
        }
    }

    private async Task SessionAsync(Stream stream, string source, CancellationToken cancellationToken)
    {
        var decoder = Encoding.UTF8.GetDecoder();
        var bytes = new byte[4096];
        var chars = new char[Encoding.UTF8.GetMaxCharCount(bytes.Length)];
        var text = new StringBuilder();
        Exception? failure = null;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var read = await stream.ReadAsync(bytes, cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                text.Append(chars, 0, decoder.GetChars(bytes, 0, read, chars, 0));
                await ProcessAsync(text, stream, cancellationToken).ConfigureAwait(false);
            }
        }
#pragma warning disable CA1031 // A session ends on any stream failure (a hang-up, a dying pty); the printer lives on.
        catch (Exception e)
#pragma warning restore CA1031
        {
            failure = e is OperationCanceledException ? null : e;
        }

        SimulatorLog.SessionEnded(_logger, source, failure);
    }

    private async Task ProcessAsync(StringBuilder buffer, Stream stream, CancellationToken cancellationToken)
    {
        var text = buffer.ToString();

        // Tilde commands act on arrival, even in the middle of a format (as on a real Zebra).
        int hs;
        while ((hs = text.IndexOf("~HS", StringComparison.OrdinalIgnoreCase)) >= 0)
        {
            text = text.Remove(hs, 3);
            var partial = text.LastIndexOf("^XA", StringComparison.OrdinalIgnoreCase) > text.LastIndexOf("^XZ", StringComparison.OrdinalIgnoreCase);
            if (ResponseDelay > TimeSpan.Zero)
            {
                await Task.Delay(ResponseDelay, _timeProvider, cancellationToken).ConfigureAwait(false);
            }

            Interlocked.Increment(ref _statusQueries);
            var answer = (Status with { PartialFormatInProgress = partial }).ToHostStatusResponse();
            await stream.WriteAsync(answer, cancellationToken).ConfigureAwait(false);
            await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        }

        while (true)
        {
            var start = text.IndexOf("^XA", StringComparison.OrdinalIgnoreCase);
            if (start < 0)
            {
                // Keep a possible split "^X" or "~H" for the next read.
                text = text.Length > 2 ? text[^2..] : text;
                break;
            }

            var end = text.IndexOf("^XZ", start + 3, StringComparison.OrdinalIgnoreCase);
            if (end < 0)
            {
                text = text[start..];
                break;
            }

            Receive(text[start..(end + 3)]);
            text = text[(end + 3)..];
        }

        buffer.Clear().Append(text);
    }
}
