using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Traceability.LineAgent.Host.Hmi;
using Traceability.LineAgent.Storage;

namespace Traceability.LineAgent.Host.Tests.Hmi;

/// <summary>The live page's snapshot pacing: a verdict per unit at line speed must not cost a snapshot per unit.</summary>
public sealed class HmiPacingTests : IAsyncLifetime
{
    private static readonly TimeSpan Refresh = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MinInterval = TimeSpan.FromMilliseconds(250);
    private HmiLine _line = null!;

    public async Task InitializeAsync() => _line = await HmiLine.StartAsync();

    public async Task DisposeAsync() => await _line.DisposeAsync();

    [Fact]
    public async Task Changes_closer_than_the_minimum_interval_wait_for_it_and_go_out_in_one_snapshot()
    {
        var time = new FakeTimeProvider();
        var source = new EverChanging(_line.App.Services.GetRequiredService<ILineHmiSource>());
        await using var snapshots = HmiEndpoints.Snapshots(source, Refresh, MinInterval, time, NullLogger.Instance, CancellationToken.None)
            .GetAsyncEnumerator();

        Assert.True(await snapshots.MoveNextAsync());
        var next = snapshots.MoveNextAsync().AsTask();
        // The source has always changed again: only the minimum interval holds the next snapshot back.
        await Task.Delay(200);
        Assert.False(next.IsCompleted);
        Assert.Equal(1, source.Snapshots);

        time.Advance(MinInterval - TimeSpan.FromMilliseconds(1));
        await Task.Delay(50);
        Assert.False(next.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.True(await next.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(2, source.Snapshots);
    }

    [Fact]
    public async Task Without_changes_a_snapshot_still_goes_out_every_refresh_interval()
    {
        var time = new FakeTimeProvider();
        var source = new EverChanging(_line.App.Services.GetRequiredService<ILineHmiSource>(), changes: false);
        await using var snapshots = HmiEndpoints.Snapshots(source, Refresh, MinInterval, time, NullLogger.Instance, CancellationToken.None)
            .GetAsyncEnumerator();

        Assert.True(await snapshots.MoveNextAsync());
        var next = snapshots.MoveNextAsync().AsTask();
        time.Advance(MinInterval);
        await Task.Delay(100);
        Assert.False(next.IsCompleted);
        time.Advance(Refresh - MinInterval);

        Assert.True(await next.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(2, source.Snapshots);
    }

    /// <summary>The line's real source, except that it has always changed since the last look (or never does).</summary>
    private sealed class EverChanging(ILineHmiSource inner, bool changes = true) : ILineHmiSource
    {
        private int _snapshots;

        public int Snapshots => Volatile.Read(ref _snapshots);

        public HmiSnapshot Snapshot()
        {
            Interlocked.Increment(ref _snapshots);
            return inner.Snapshot();
        }

        public Task WaitForChangeAsync(CancellationToken cancellationToken) =>
            changes ? Task.CompletedTask : Task.Delay(Timeout.Infinite, cancellationToken);

        public Task<WorkOrderRecord> StartAsync(string workOrderId, OperatorAction action, CancellationToken cancellationToken) =>
            inner.StartAsync(workOrderId, action, cancellationToken);

        public Task<WorkOrderRecord> PauseAsync(string workOrderId, OperatorAction action, CancellationToken cancellationToken) =>
            inner.PauseAsync(workOrderId, action, cancellationToken);

        public Task<WorkOrderRecord> CloseAsync(string workOrderId, OperatorAction action, CancellationToken cancellationToken) =>
            inner.CloseAsync(workOrderId, action, cancellationToken);

        public Task<WorkOrderRecord> CreateAsync(WorkOrderSpec spec, OperatorAction action, CancellationToken cancellationToken) =>
            inner.CreateAsync(spec, action, cancellationToken);

        public Task RecordRefusedAsync(OperatorAction action, string what, string subject, CancellationToken cancellationToken) =>
            inner.RecordRefusedAsync(action, what, subject, cancellationToken);
    }
}
