using System.IO.Ports;

namespace Traceability.LineAgent.Devices.Transport;

/// <summary>
/// Opens a serial port and hands out its <see cref="SerialPort.BaseStream"/>. Works with real ports and with
/// pseudo-terminals (socat). Input left from before the open is discarded: a pty delivers bytes written while it was closed.
/// </summary>
public sealed class SerialStreamConnector(DeviceEndpoint endpoint) : IStreamConnector
{
    /// <inheritdoc />
    public string Description => endpoint.ToString();

    /// <inheritdoc />
    public async ValueTask<Stream> ConnectAsync(CancellationToken cancellationToken)
    {
        // Opening a port blocks (the driver talks to the OS); keep it off the caller's thread.
        return await Task.Run(Open, cancellationToken).ConfigureAwait(false);
    }

    private OwningStream Open()
    {
        var port = new SerialPort(endpoint.PortName, endpoint.BaudRate, endpoint.Parity, endpoint.DataBits, endpoint.StopBits)
        {
            ReadTimeout = SerialPort.InfiniteTimeout,
            WriteTimeout = 5_000,
        };
        try
        {
            port.Open();
            port.DiscardInBuffer();
            var stream = new OwningStream(port.BaseStream, port);
            port = null;
            return stream;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException)
        {
            throw new DeviceConnectionException($"{Description}: cannot open the serial port: {e.Message}", e);
        }
        finally
        {
            port?.Dispose();
        }
    }
}
