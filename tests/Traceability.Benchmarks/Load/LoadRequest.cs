using System.Text;

namespace Traceability.Benchmarks.Load;

/// <summary>One request of a load run, as both clients send it: method, path and query, headers (Content-Type among them) and body.</summary>
internal sealed record LoadRequest(string Method, string PathAndQuery, IReadOnlyList<KeyValuePair<string, string>> Headers, byte[]? Body = null)
{
    /// <summary>The request as HTTP/1.1 bytes for <paramref name="host"/>: what HttpClient sends for it (Host, the headers, Content-Length when there is a body).</summary>
    public byte[] Encode(string host)
    {
        var head = new StringBuilder(256).Append(Method).Append(' ').Append(PathAndQuery).Append(" HTTP/1.1\r\nHost: ").Append(host).Append("\r\n");
        foreach (var (name, value) in Headers)
        {
            head.Append(name).Append(": ").Append(value).Append("\r\n");
        }

        if (Body is not null)
        {
            head.Append("Content-Length: ").Append(Body.Length).Append("\r\n");
        }

        head.Append("\r\n");
        var bytes = new byte[Encoding.UTF8.GetByteCount(head.ToString()) + (Body?.Length ?? 0)];
        var written = Encoding.UTF8.GetBytes(head.ToString(), bytes);
        Body?.CopyTo(bytes, written);
        return bytes;
    }
}

/// <summary>Names an answer's outcome from its status and body (null: not tallied).</summary>
internal delegate string? Classifier(int status, ReadOnlySpan<byte> body);

/// <summary>The answers of one run, indexed by request: latency from the due time (Stopwatch ticks), status (−1 connection failed, −2 timed out) and outcome.</summary>
internal sealed class LoadResults(int count)
{
    public int Count => count;

    public long[] Latencies { get; } = new long[count];

    public int[] Statuses { get; } = new int[count];

    public string?[] Outcomes { get; } = new string?[count];
}

/// <summary>How a run's requests reach central: the scheduler calls <see cref="Send"/> when request k is due.</summary>
internal interface IOpenLoopClient : IAsyncDisposable
{
    /// <summary>Readies a run of <see cref="LoadResults.Count"/> requests (the lean client encodes them all here, before the clock starts).</summary>
    void Prepare(LoadResults results, Func<int, LoadRequest> request, Classifier classify);

    /// <summary>Sends request <paramref name="k"/> of the run, due at Stopwatch timestamp <paramref name="due"/>; must not block.</summary>
    void Send(int k, long due);

    /// <summary>Completes when every request sent has its answer, or its timeout.</summary>
    Task DrainAsync();
}
