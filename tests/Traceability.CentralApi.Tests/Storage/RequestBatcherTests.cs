using Traceability.CentralApi.Storage;

namespace Traceability.CentralApi.Tests.Storage;

public sealed class RequestBatcherTests
{
    // A liveness guard only (a batcher that never answers would hang the test run), not a speed check.
    private static readonly TimeSpan Hang = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Requests_arriving_while_a_batch_runs_go_together_in_the_next_batch_in_arrival_order()
    {
        var batches = new List<int[]>();
        var firstRunning = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var releaseFirst = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var batcher = new RequestBatcher<int, int>(async (items, _) =>
        {
            lock (batches)
            {
                batches.Add([.. items]);
            }

            if (items[0] == 1)
            {
                firstRunning.SetResult();
                await releaseFirst.Task;
            }

            return [.. items.Select(i => i * 10)];
        }, maxBatch: 100);

        var first = batcher.RunAsync(1);
        await firstRunning.Task.WaitAsync(Hang);
        var later = new[] { batcher.RunAsync(2), batcher.RunAsync(3), batcher.RunAsync(4) };
        releaseFirst.SetResult();

        Assert.Equal(10, await first.WaitAsync(Hang));
        var answers = await Task.WhenAll(later).WaitAsync(Hang);
        Assert.Equal([20, 30, 40], answers);
        Assert.Equal([[1], [2, 3, 4]], batches);
    }

    [Fact]
    public async Task The_caller_that_ran_the_first_batch_is_answered_without_waiting_for_the_later_ones()
    {
        var firstRunning = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var releaseFirst = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var releaseLater = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var batcher = new RequestBatcher<int, int>(async (items, _) =>
        {
            if (items[0] == 1)
            {
                firstRunning.SetResult();
                await releaseFirst.Task;
            }
            else
            {
                await releaseLater.Task;
            }

            return [.. items];
        }, maxBatch: 100);

        var first = batcher.RunAsync(1);
        await firstRunning.Task.WaitAsync(Hang);
        var second = batcher.RunAsync(2);
        releaseFirst.SetResult();

        Assert.Equal(1, await first.WaitAsync(Hang));
        Assert.False(second.IsCompleted);
        releaseLater.SetResult();
        Assert.Equal(2, await second.WaitAsync(Hang));
    }

    [Fact]
    public async Task A_batch_that_fails_is_run_again_one_request_at_a_time_and_only_the_bad_request_fails()
    {
        var runs = new List<int[]>();
        var batcher = new RequestBatcher<int, int>((items, _) =>
        {
            lock (runs)
            {
                runs.Add([.. items]);
            }

            return items.Contains(-1) ? throw new InvalidOperationException("refused") : Task.FromResult<int[]>([.. items]);
        }, maxBatch: 100);

        var outcomes = batcher.RunTogether([5, -1, 7]);

        Assert.Equal(5, await outcomes[0].WaitAsync(Hang));
        Assert.Equal("refused", (await Assert.ThrowsAsync<InvalidOperationException>(() => outcomes[1].WaitAsync(Hang))).Message);
        Assert.Equal(7, await outcomes[2].WaitAsync(Hang));
        Assert.Equal([[5, -1, 7], [5], [-1], [7]], runs);
    }

    [Fact]
    public async Task With_two_batches_allowed_a_request_arriving_during_one_runs_at_once_and_a_third_waits()
    {
        var running = new List<int>();
        using var started = new SemaphoreSlim(0);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var batcher = new RequestBatcher<int, int>(async (items, _) =>
        {
            lock (running)
            {
                running.AddRange(items);
            }

            started.Release();
            await release.Task;
            return [.. items];
        }, maxBatch: 100, maxRunning: 2);

        var first = batcher.RunAsync(1);
        await started.WaitAsync(Hang);
        var second = batcher.RunAsync(2);
        await started.WaitAsync(Hang);
        var third = batcher.RunAsync(3);

        lock (running)
        {
            Assert.Equal([1, 2], running);
        }

        release.SetResult();
        var answers = await Task.WhenAll(first, second, third).WaitAsync(Hang);
        Assert.Equal([1, 2, 3], answers);
    }

    [Fact]
    public async Task No_batch_holds_more_than_the_most_allowed()
    {
        var sizes = new List<int>();
        var batcher = new RequestBatcher<int, int>((items, _) =>
        {
            lock (sizes)
            {
                sizes.Add(items.Count);
            }

            return Task.FromResult<int[]>([.. items]);
        }, maxBatch: 2);

        var outcomes = batcher.RunTogether([1, 2, 3, 4, 5]);

        var answers = await Task.WhenAll(outcomes).WaitAsync(Hang);
        Assert.Equal([1, 2, 3, 4, 5], answers);
        Assert.Equal([2, 2, 1], sizes);
    }
}
