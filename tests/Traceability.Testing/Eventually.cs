namespace Traceability.Testing;

/// <summary>Waiting for asynchronous devices in tests, with a deadline that fails the test with a message rather than hanging it.</summary>
public static class Eventually
{
    /// <summary>Polls <paramref name="condition"/> every 10 ms until it holds; fails with <paramref name="message"/> after <paramref name="timeout"/> (5 s).</summary>
    public static async Task TrueAsync(Func<bool> condition, Func<string> message, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        ArgumentNullException.ThrowIfNull(message);
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(5));
        while (!condition())
        {
            Xunit.Assert.True(DateTime.UtcNow < deadline, message());
            await Task.Delay(10);
        }
    }

    /// <summary>Polls an asynchronous <paramref name="condition"/> (e.g. an HTTP request) every 100 ms until it holds; fails with <paramref name="message"/> after <paramref name="timeout"/> (5 s).</summary>
    public static async Task TrueAsync(Func<Task<bool>> condition, Func<string> message, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        ArgumentNullException.ThrowIfNull(message);
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(5));
        while (!await condition())
        {
            Xunit.Assert.True(DateTime.UtcNow < deadline, message());
            await Task.Delay(100);
        }
    }

    /// <summary>The first <paramref name="count"/> items of <paramref name="source"/>, or fewer if <paramref name="timeout"/> (5 s) passes first.</summary>
    public static async Task<List<T>> TakeAsync<T>(Func<CancellationToken, IAsyncEnumerable<T>> source, int count, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(5));
        var items = new List<T>();
        try
        {
            await foreach (var item in source(cancel.Token).WithCancellation(cancel.Token))
            {
                items.Add(item);
                if (items.Count == count)
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            // the caller asserts on what arrived in time
        }

        return items;
    }
}
