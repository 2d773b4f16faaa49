using System.Diagnostics.CodeAnalysis;
using System.IO.Ports;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SkiaSharp;
using ZXing;
using ZXing.Common;

namespace Traceability.Simulators.Readers;

/// <summary>
/// A fixed-mount code reader in software: label images in (PNG), decoded text out in the configured framing, to TCP
/// clients on 127.0.0.1 and/or a serial port or pty, with seeded faults. See DATASHEET.md.
/// </summary>
public sealed class SimulatedCodeReader : IAsyncDisposable
{
    private readonly SimulatedReaderOptions _options;
    private readonly ReaderFaults _faults;
    private readonly ILogger _logger;
    private readonly TcpListener? _listener;
    private readonly SerialPort? _serial;
    private readonly List<TcpClient> _clients = [];
    [SuppressMessage("Reliability", "CA2213:Disposable fields should be disposed", Justification = "Only WaitAsync/Release are used (no wait handle); an inspection still writing when the reader is disposed releases it afterwards (DisposeAsync).")]
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _acceptLoop = Task.CompletedTask;
    private int _disposed;

    private SimulatedCodeReader(SimulatedReaderOptions options, ILogger? logger)
    {
        _options = options;
        _faults = new ReaderFaults(options);
        _logger = logger ?? NullLogger.Instance;
        if (options.SerialPath is { } path)
        {
            _serial = new SerialPort(path);
            _serial.Open();
        }

        if (options.ListenTcp)
        {
            _listener = new TcpListener(IPAddress.Loopback, 0);
            _listener.Start();
            Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
            SimulatorLog.Listening(_logger, Port);
            _acceptLoop = AcceptAsync(_stopping.Token);
        }
    }

    /// <summary>The TCP port (0 when not listening).</summary>
    public int Port { get; }

    /// <summary>How many TCP clients are connected.</summary>
    public int ClientCount
    {
        get
        {
            lock (_clients)
            {
                return _clients.Count;
            }
        }
    }

    /// <summary>Starts listening and/or opens the serial port.</summary>
    public static SimulatedCodeReader Start(SimulatedReaderOptions options, ILogger<SimulatedCodeReader>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new SimulatedCodeReader(options, logger);
    }

    /// <summary>Decodes a label image and sends the result (with any injected fault).</summary>
    public Task<Inspection> InspectAsync(byte[] png, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(png);
        return SendAsync(Decode(png), cancellationToken);
    }

    /// <summary>Sends <paramref name="decoded"/> as if it had been decoded (null: nothing decoded), with any injected fault.</summary>
    public async Task<Inspection> SendAsync(string? decoded, CancellationToken cancellationToken)
    {
        var (outcome, text, duplicate) = _faults.Next(decoded);
        var framing = _options.Framing;
        byte[] frame = outcome switch
        {
            InspectionOutcome.NoRead => framing.Encode(Encoding.Latin1.GetBytes(_options.NoReadToken)),
            InspectionOutcome.Damaged => Damaged(Encoding.Latin1.GetBytes(text!)),
            _ => framing.Encode(Encoding.Latin1.GetBytes(text!)),
        };
        byte[] wire = duplicate ? [.. frame, .. frame] : frame;
        SimulatorLog.Inspected(_logger, outcome, text);
        await WriteAsync(wire, cancellationToken).ConfigureAwait(false);
        return new Inspection(outcome, decoded, outcome is InspectionOutcome.Read or InspectionOutcome.Misread ? text : null, duplicate, wire);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        _listener?.Stop();
        try
        {
            await _acceptLoop.ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            // stopping
        }

        lock (_clients)
        {
            foreach (var client in _clients)
            {
                client.Dispose();
            }

            _clients.Clear();
        }

        _listener?.Dispose();
        _serial?.Dispose();
        _stopping.Dispose();
    }

    /// <summary>Decodes the first symbol of the configured symbologies, FNC1 as GS, without the "]C1" of GS1-128; null when none.</summary>
    internal string? Decode(byte[] png)
    {
        var (luminance, width, height) = Luminance(png);
        var source = new RGBLuminanceSource(luminance, width, height, RGBLuminanceSource.BitmapFormat.Gray8);
        // A clean label decodes on the fast pass; only a hard one (small, rotated, noisy) pays for the thorough one.
        var result = Reader(tryHarder: false).Decode(source) ?? Reader(tryHarder: true).Decode(source);
        if (result is null)
        {
            return null;
        }

        return result.Text.StartsWith("]C1", StringComparison.Ordinal) ? result.Text[3..] : result.Text;
    }

    private BarcodeReaderGeneric Reader(bool tryHarder) => new()
    {
        AutoRotate = tryHarder,
        Options = new DecodingOptions { PossibleFormats = [.. _options.Symbologies], TryHarder = tryHarder, AssumeGS1 = true },
    };

    /// <summary>The image as 8-bit luminance: decoded straight to grey when the PNG is grey (labels are), else converted.</summary>
    private static (byte[] Luminance, int Width, int Height) Luminance(byte[] png)
    {
        using var stream = new SKMemoryStream(png);
        using var codec = SKCodec.Create(stream) ?? throw new ArgumentException("The label image is not a PNG.", nameof(png));
        var (width, height) = (codec.Info.Width, codec.Info.Height);
        var gray = new SKImageInfo(width, height, SKColorType.Gray8, SKAlphaType.Opaque);
        using (var bitmap = new SKBitmap(gray))
        {
            if (codec.GetPixels(gray, bitmap.GetPixels()) is SKCodecResult.Success or SKCodecResult.IncompleteInput)
            {
                var pixels = bitmap.GetPixelSpan();
                var rows = new byte[width * height];
                for (var y = 0; y < height; y++)
                {
                    pixels.Slice(y * bitmap.RowBytes, width).CopyTo(rows.AsSpan(y * width, width));
                }

                return (rows, width, height);
            }
        }

        // A colour or palette image: weigh its channels.
        using var colour = SKBitmap.Decode(png) ?? throw new ArgumentException("The label image is not a PNG.", nameof(png));
        var luminance = new byte[width * height];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var c = colour.GetPixel(x, y);
                luminance[(y * width) + x] = (byte)(((c.Red * 299) + (c.Green * 587) + (c.Blue * 114)) / 1000);
            }
        }

        return (luminance, width, height);
    }

    private byte[] Damaged(byte[] payload)
    {
        // What a reader emits on a damaged label or line noise: no prefix, and NUL/0xFF inside. Breaks every framing.
        var half = payload.Length / 2;
        return [.. payload.AsSpan(0, half), 0x00, 0xFF, .. payload.AsSpan(half), .. _options.Framing.Suffix];
    }

    private async Task WriteAsync(byte[] wire, CancellationToken cancellationToken)
    {
        await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_serial is not null)
            {
                await _serial.BaseStream.WriteAsync(wire, cancellationToken).ConfigureAwait(false);
                await _serial.BaseStream.FlushAsync(cancellationToken).ConfigureAwait(false);
            }

            TcpClient[] clients;
            lock (_clients)
            {
                clients = [.. _clients];
            }

            foreach (var client in clients)
            {
                try
                {
                    await client.GetStream().WriteAsync(wire, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or InvalidOperationException)
                {
                    SimulatorLog.ClientDropped(_logger, e);
                    lock (_clients)
                    {
                        _clients.Remove(client);
                    }

                    client.Dispose();
                }
            }
        }
        finally
        {
            _sendLock.Release();
        }
    }

    private async Task AcceptAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            var client = await _listener!.AcceptTcpClientAsync(stopping).ConfigureAwait(false);
            client.NoDelay = true;
            lock (_clients)
            {
                _clients.Add(client);
            }
        }
    }
}
