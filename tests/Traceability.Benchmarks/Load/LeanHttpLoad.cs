using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Traceability.Benchmarks.Load;

/// <summary>
/// The lean open-loop client: up to N kept-alive HTTP/1.1 connections (<see cref="LeanConnection"/>), one request in
/// flight on each (no pipelining), every request encoded to bytes before the clock starts. A due request takes the
/// connection used last (a stack: the busy few stay warm) or opens one while fewer than N exist; otherwise it waits in a
/// queue for the next connection to come free, and that wait is part of its latency. A connection that finishes a
/// request takes the oldest waiting one itself, without a hop through the scheduler.
/// </summary>
internal sealed class LeanHttpLoad(IPEndPoint endPoint, int connections) : IOpenLoopClient
{
    private readonly string _host = endPoint.ToString();
    private readonly Lock _gate = new();
    private readonly Stack<LeanConnection> _idle = new();
    private readonly Queue<(int K, long Due)> _waiting = new();
    private readonly List<LeanConnection> _all = [];
    private LoadResults _results = new(0);
    private byte[][] _requests = [];
    private Classifier _classify = (_, _) => null;
    private int _completed;
    private TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _aborted;

    public void Prepare(LoadResults results, Func<int, LoadRequest> request, Classifier classify)
    {
        var requests = new byte[results.Count][];
        Parallel.For(0, results.Count, k => requests[k] = request(k).Encode(_host));
        _requests = requests;
        _results = results;
        _classify = classify;
        _completed = 0;
        _aborted = false;
        _drained = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (results.Count == 0)
        {
            _drained.SetResult();
        }
    }

    // The pool owns its connections (_all) and disposes them with itself; the analyzer does not see the ownership pass.
#pragma warning disable CA2000
    public void Send(int k, long due)
    {
        LeanConnection? connection;
        lock (_gate)
        {
            if (!_idle.TryPop(out connection))
            {
                if (_all.Count >= connections)
                {
                    _waiting.Enqueue((k, due));
                    return;
                }

                connection = new LeanConnection(endPoint);
                _all.Add(connection);
            }
        }

        _ = RunAsync(connection, k, due);
    }
#pragma warning restore CA2000

    public async Task DrainAsync()
    {
        if (await Task.WhenAny(_drained.Task, Task.Delay(OpenLoop.Timeout)) != _drained.Task)
        {
            // Answers still missing after the timeout: close every connection, so the exchanges in flight fail (−2) and
            // the requests still waiting are counted as timed out without being sent.
            _aborted = true;
            foreach (var connection in Connections())
            {
                connection.Close();
            }
        }

        await _drained.Task;
    }

    public ValueTask DisposeAsync()
    {
        foreach (var connection in Connections())
        {
            connection.Dispose();
        }

        return ValueTask.CompletedTask;
    }

    private LeanConnection[] Connections()
    {
        lock (_gate)
        {
            return [.. _all];
        }
    }

    private async Task RunAsync(LeanConnection connection, int k, long due)
    {
        try
        {
            while (true)
            {
                var status = -2;
                string? outcome = null;
                if (!_aborted)
                {
                    try
                    {
                        (status, outcome) = await connection.ExchangeAsync(_requests[k], _classify);
                    }
                    catch (Exception e) when (e is SocketException or IOException or ObjectDisposedException or InvalidDataException)
                    {
                        status = _aborted ? -2 : -1;
                        connection.Close();
                    }
                }

                _results.Latencies[k] = Stopwatch.GetTimestamp() - due;
                _results.Statuses[k] = status;
                _results.Outcomes[k] = outcome;
                if (Interlocked.Increment(ref _completed) == _results.Count)
                {
                    _drained.TrySetResult();
                }

                lock (_gate)
                {
                    if (!_waiting.TryDequeue(out var next))
                    {
                        _idle.Push(connection);
                        return;
                    }

                    (k, due) = next;
                }
            }
        }
        catch (Exception e)
        {
            // A bug in the client, not an answer: end the run with it rather than wait for the timeout.
            _drained.TrySetException(e);
        }
    }
}
