using System.Net.Sockets;

namespace Traceability.OpcUa.Tests;

/// <summary>Transports a test hands to <see cref="OpcUaClient.ConnectAsync(OpcUaClientOptions, TimeProvider?, Microsoft.Extensions.Logging.ILogger?, Func{Uri, CancellationToken, Task{Stream}}?, CancellationToken)"/> to see or hold its connections.</summary>
internal static class TestTransport
{
    /// <summary>A plain TCP connection to the endpoint, as the client makes by itself.</summary>
    public static async Task<NetworkStream> OpenAsync(Uri endpoint, CancellationToken cancellationToken)
    {
#pragma warning disable CA2000 // The returned stream owns the socket; disposed here on failure.
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
#pragma warning restore CA2000
        try
        {
            await socket.ConnectAsync(endpoint.Host, endpoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}

/// <summary>Connects once; every reconnect after that waits until cancelled, so the client stays between sessions.</summary>
internal sealed class FirstConnectionOnly
{
    private readonly TaskCompletionSource _reconnecting = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _connects;

    /// <summary>The first connection's stream (dispose it to drop the connection).</summary>
    public Stream? First { get; private set; }

    /// <summary>Completes when the client tries to reconnect: the lost session is disposed and no new one exists.</summary>
    public Task Reconnecting => _reconnecting.Task;

    public async Task<Stream> ConnectAsync(Uri endpoint, CancellationToken cancellationToken)
    {
        if (Interlocked.Increment(ref _connects) > 1)
        {
            _reconnecting.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        First = await TestTransport.OpenAsync(endpoint, cancellationToken);
        return First;
    }
}
