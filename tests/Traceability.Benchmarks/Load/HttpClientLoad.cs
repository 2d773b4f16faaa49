using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;

namespace Traceability.Benchmarks.Load;

/// <summary>
/// The driver of sessions 1–4, kept for A/B (<c>--httpclient</c>): HttpClient over SocketsHttpHandler with a pool of
/// connections, one task per request started by the scheduler.
/// </summary>
internal sealed class HttpClientLoad : IOpenLoopClient
{
    private readonly HttpClient _client;
    private LoadResults _results = new(0);
    private Func<int, LoadRequest> _request = _ => throw new InvalidOperationException("Not prepared.");
    private Classifier _classify = (_, _) => null;
    private Task[] _pending = [];

    public HttpClientLoad(Uri address, int connections)
    {
        // The client owns the handler (disposeHandler: true); the analyzer does not see the ownership pass.
#pragma warning disable CA2000
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections,
            UseCookies = false,
            AutomaticDecompression = DecompressionMethods.None,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
        };
#pragma warning restore CA2000
        _client = new HttpClient(handler, disposeHandler: true) { BaseAddress = address, Timeout = OpenLoop.Timeout };
    }

    public void Prepare(LoadResults results, Func<int, LoadRequest> request, Classifier classify)
    {
        _results = results;
        _request = request;
        _classify = classify;
        _pending = new Task[results.Count];
        Array.Fill(_pending, Task.CompletedTask);
    }

    public void Send(int k, long due) => _pending[k] = SendAsync(k, due);

    public Task DrainAsync() => Task.WhenAll(_pending);

    public ValueTask DisposeAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task SendAsync(int k, long due)
    {
        try
        {
            using var message = Message(_request(k));
            using var response = await _client.SendAsync(message);
            var body = await response.Content.ReadAsByteArrayAsync();
            _results.Statuses[k] = (int)response.StatusCode;
            _results.Outcomes[k] = _classify(_results.Statuses[k], body);
        }
        catch (HttpRequestException)
        {
            _results.Statuses[k] = -1;
        }
        catch (TaskCanceledException)
        {
            _results.Statuses[k] = -2;
        }

        _results.Latencies[k] = Stopwatch.GetTimestamp() - due;
    }

    private static HttpRequestMessage Message(LoadRequest request)
    {
        var message = new HttpRequestMessage(HttpMethod.Parse(request.Method), request.PathAndQuery);
        if (request.Body is not null)
        {
            message.Content = new ByteArrayContent(request.Body);
        }

        foreach (var (name, value) in request.Headers)
        {
            if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
            {
                message.Content!.Headers.ContentType = MediaTypeHeaderValue.Parse(value);
            }
            else
            {
                message.Headers.Add(name, value);
            }
        }

        return message;
    }
}
