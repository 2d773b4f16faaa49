using System.IO.Ports;
using System.Net;
using System.Net.Sockets;
using Traceability.LineAgent.Devices.Readers;
using Traceability.LineAgent.Devices.Transport;
using Traceability.Testing;

namespace Traceability.LineAgent.Tests.Devices.Readers;

/// <summary>The reader's side of a real link (a socat pty pair or a loopback TCP socket), driven by a test.</summary>
internal sealed class ReaderFarEnd : IAsyncDisposable
{
    private readonly PseudoTerminalPair? _pty;
    private readonly SerialPort? _port;
    private readonly TcpListener? _listener;
    private TcpClient? _client;
    private Stream? _stream;

    private ReaderFarEnd(PseudoTerminalPair pty)
    {
        _pty = pty;
        Connector = StreamConnectors.Create(DeviceEndpoint.Parse($"serial:{pty.PathA}?baud=115200"));
        _port = new SerialPort(pty.PathB);
        _port.Open();
    }

    private ReaderFarEnd(TcpListener listener)
    {
        _listener = listener;
        Connector = StreamConnectors.Create(DeviceEndpoint.Parse($"tcp://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}"));
    }

    public IStreamConnector Connector { get; }

    public PseudoTerminalPair? Pty => _pty;

    public static ReaderFarEnd Create(string transport)
    {
        if (transport == "pty")
        {
            var pty = new PseudoTerminalPair();
            try
            {
                return new ReaderFarEnd(pty);
            }
            catch
            {
                pty.Dispose();
                throw;
            }
        }

        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return new ReaderFarEnd(listener);
    }

    /// <summary>Starts the driver and waits until it is connected and the far end is ready to write.</summary>
    public async Task<CodeReader> StartReaderAsync(ReaderFraming framing, string noRead = "NOREAD", byte[]? trigger = null, IStreamConnector? connector = null)
    {
        var reader = new CodeReader(connector ?? Connector, framing, noRead, trigger, reconnectInitialDelay: TimeSpan.FromMilliseconds(20), reconnectMaximumDelay: TimeSpan.FromMilliseconds(100));
        reader.Start();
        if (_listener is not null)
        {
            _client = await _listener.AcceptTcpClientAsync().WaitAsync(TimeSpan.FromSeconds(5));
            _stream = _client.GetStream();
        }
        else
        {
            _stream = _port!.BaseStream;
        }

        await ReaderWaits.StateAsync(reader, DeviceConnectionState.Connected);
        return reader;
    }

    public async Task WriteAsync(byte[] bytes)
    {
        await _stream!.WriteAsync(bytes);
        await _stream.FlushAsync();
    }

    public async Task<byte[]> ReadAsync(int count)
    {
        var buffer = new byte[count];
        await _stream!.ReadExactlyAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(5));
        return buffer;
    }

    public ValueTask DisposeAsync()
    {
        _client?.Dispose();
        _listener?.Stop();
        try
        {
            _stream?.Dispose();
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or UnauthorizedAccessException)
        {
            // the pty may already be gone
        }

        _listener?.Dispose();
        try
        {
            _port?.Dispose();
        }
        catch (IOException)
        {
            // the pty may already be gone
        }

        _pty?.Dispose();
        return ValueTask.CompletedTask;
    }
}

internal static class ReaderWaits
{
    public static Task StateAsync(ICodeReader reader, DeviceConnectionState state) =>
        Eventually.TrueAsync(() => reader.State == state, () => $"The reader stayed {reader.State}, expected {state}.");

    public static Task<List<ReaderEvent>> TakeAsync(ICodeReader reader, int count) =>
        Eventually.TakeAsync(reader.ReadAllAsync, count);
}
