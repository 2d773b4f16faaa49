using System.Net.Sockets;

namespace Traceability.LineAgent.Devices.Transport;

/// <summary>Opens a TCP connection (no Nagle delay: labels and reads are small and time-critical).</summary>
public sealed class TcpStreamConnector(string host, int port, TimeSpan connectTimeout) : IStreamConnector
{
    /// <inheritdoc />
    public string Description => $"tcp://{host}:{port}";

    /// <inheritdoc />
    public async ValueTask<Stream> ConnectAsync(CancellationToken cancellationToken)
    {
        var client = new TcpClient { NoDelay = true };
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(connectTimeout);
            await client.ConnectAsync(host, port, timeout.Token).ConfigureAwait(false);
            var stream = new OwningStream(client.GetStream(), client);
            client = null;
            return stream;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new DeviceConnectionException($"{Description}: no answer within {connectTimeout.TotalSeconds:0.#} s.");
        }
        catch (SocketException e)
        {
            throw new DeviceConnectionException($"{Description}: {e.SocketErrorCode} ({e.Message}).", e);
        }
        finally
        {
            client?.Dispose();
        }
    }
}
