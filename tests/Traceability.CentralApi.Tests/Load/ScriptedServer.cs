using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Traceability.CentralApi.Tests.Load;

/// <summary>
/// A TCP server on 127.0.0.1 that plays one script per connection it accepts, in order (read a request, write canned
/// bytes, close). <see cref="FinishAsync"/> fails if a script failed or a connection it expected never came.
/// </summary>
internal sealed class ScriptedServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Task _scripts;

    public ScriptedServer(params Func<Peer, Task>[] connections)
    {
        _listener.Start();
        EndPoint = (IPEndPoint)_listener.LocalEndpoint;
        _scripts = PlayAsync(connections);
    }

    public IPEndPoint EndPoint { get; }

    /// <summary>Waits for every script to have played, and fails as the first failed script did.</summary>
    public Task FinishAsync() => _scripts.WaitAsync(TimeSpan.FromSeconds(30));

    public async ValueTask DisposeAsync()
    {
        _listener.Dispose();
        try
        {
            await _scripts;
        }
        catch (Exception)
        {
            // Reported by FinishAsync; a test that failed before it must not have its own failure replaced by this one.
        }
    }

    private async Task PlayAsync(Func<Peer, Task>[] connections)
    {
        try
        {
            foreach (var script in connections)
            {
                using var client = await _listener.AcceptTcpClientAsync();
                await script(new Peer(client.GetStream()));
            }
        }
        catch
        {
            // Refuse further connections, so that a client waiting for the failed script's answer fails too.
            _listener.Stop();
            throw;
        }
    }

    /// <summary>The server's end of one connection.</summary>
    internal sealed class Peer(NetworkStream stream)
    {
        /// <summary>Reads one request up to the end of its head (the tests' requests have no body); returns the request line.</summary>
        public async Task<string> ReadRequestAsync()
        {
            var head = new List<byte>();
            var one = new byte[1];
            while (head.Count < 4 || !head[^4..].SequenceEqual("\r\n\r\n"u8.ToArray()))
            {
                if (await stream.ReadAsync(one) == 0)
                {
                    throw new IOException($"The client closed the connection after {head.Count} bytes of a request.");
                }

                head.Add(one[0]);
            }

            var text = Encoding.ASCII.GetString([.. head]);
            return text[..text.IndexOf("\r\n", StringComparison.Ordinal)];
        }

        /// <summary>Waits for the client to close its end, failing if it sends anything instead.</summary>
        public async Task ExpectCloseAsync()
        {
            if (await stream.ReadAsync(new byte[1]) != 0)
            {
                throw new IOException("The client sent more on a connection it should have closed.");
            }
        }

        /// <summary>Writes the text in pieces of <paramref name="pieceSize"/> bytes, each sent on its own.</summary>
        public async Task WriteAsync(string text, int pieceSize = int.MaxValue)
        {
            var bytes = Encoding.ASCII.GetBytes(text);
            for (var i = 0; i < bytes.Length; i += pieceSize)
            {
                await stream.WriteAsync(bytes.AsMemory(i, Math.Min(pieceSize, bytes.Length - i)));
                await stream.FlushAsync();
            }
        }
    }
}
