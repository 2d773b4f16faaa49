namespace Traceability.LineAgent.Devices.Transport;

/// <summary>
/// Opens the byte stream a device driver talks over: a TCP socket, a serial port, or a replayed capture. Drivers are
/// written against this seam, never against <c>TcpClient</c> or <c>SerialPort</c>, so one driver serves all three.
/// </summary>
public interface IStreamConnector
{
    /// <summary>Where the stream goes, for logs and errors ("tcp://10.1.2.3:9100").</summary>
    string Description { get; }

    /// <summary>Opens a new stream; the caller owns and disposes it.</summary>
    /// <exception cref="DeviceConnectionException">The device cannot be reached; the message says which and why.</exception>
    ValueTask<Stream> ConnectAsync(CancellationToken cancellationToken);
}
