using Traceability.LineAgent.Storage;

namespace Traceability.LineAgent.Host.Tests.Api;

/// <summary>The runtime's disposal against a host stop on another thread (a test server's factory does both).</summary>
public sealed class RuntimeDisposalTests
{
    [Fact]
    public async Task Disposing_the_runtime_while_a_stop_is_under_way_waits_for_the_stop_and_a_later_stop_does_nothing()
    {
        await using var line = await ApiLine.StartAsync();
        await line.Runtime.StartWorkOrderAsync("WO-1", new OperatorAction("op-1", "shift start"), CancellationToken.None);

        var stop = line.Runtime.StopPipelineAsync(CancellationToken.None);
        var dispose = line.Runtime.DisposeAsync().AsTask();
        await Task.WhenAll(stop, dispose);
        await line.Runtime.StopPipelineAsync(CancellationToken.None);

        Assert.Null(line.Runtime.Pipeline);
    }

    [Fact]
    public async Task A_start_queued_behind_the_runtime_disposal_is_refused_and_runs_no_pipeline()
    {
        // Regression: a start (an HMI click during shutdown) waiting on the gate while the runtime was disposed entered
        // after it and ran a new pipeline that nobody would stop, over the devices and store the host closes next.
        await using var line = await ApiLine.StartAsync();
        var action = new OperatorAction("op-1", "shift start");
        await line.Runtime.StartWorkOrderAsync("WO-1", action, CancellationToken.None);

        var dispose = line.Runtime.DisposeAsync().AsTask();
        var start = line.Runtime.StartWorkOrderAsync("WO-1", action, CancellationToken.None);
        await dispose;

        await Assert.ThrowsAsync<ObjectDisposedException>(() => start);
        Assert.Null(line.Runtime.Pipeline);
    }
}
