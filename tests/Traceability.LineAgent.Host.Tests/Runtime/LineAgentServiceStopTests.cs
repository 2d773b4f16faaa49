using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Traceability.LineAgent.Central;
using Traceability.LineAgent.Devices.Plc;
using Traceability.LineAgent.Devices.Readers;
using Traceability.LineAgent.Host.Runtime;
using Traceability.LineAgent.Storage;
using Traceability.LineAgent.Tests.Pipeline;
using Traceability.Testing;

namespace Traceability.LineAgent.Host.Tests.Runtime;

/// <summary>The agent's stop against its link to central: the host disposes the store and the channel right after it.</summary>
public sealed class LineAgentServiceStopTests
{
    [Fact]
    public async Task A_stop_before_the_PLC_connected_still_waits_for_the_link_to_central()
    {
        // Regression: ExecuteAsync ended at the cancelled PLC retry without awaiting the link, so the stop returned (and
        // the host went on to dispose the store and the gRPC channel) while the link's workers still ran.
        using var dir = new TempDirectory();
        using var store = LineStore.Open(new LineStoreOptions { Path = dir.File("line.db"), LineId = "line-1" });
        using var link = new CentralLink(store, new CentralOptions { Url = "http://127.0.0.1:9", ApiKey = "line-key-0123456789abcdef" }, new StoreLineStatus(store));
        await using var reader = CodeReader.Create(new CodeReaderOptions { Endpoint = "tcp://127.0.0.1:9" });
        await using var printer = new InProcessPrinter();
        await using var runtime = new LineRuntime(store, printer, reader, link, PipelineFixture.Options(), TimeProvider.System, NullLoggerFactory.Instance);
        var logger = new SignallingLogger();
        // The fake clock never moves: the PLC retry waits until the stop cancels it.
        using var service = new LineAgentService(runtime, reader, Options.Create(new PlcOptions { Endpoint = "opc.tcp://127.0.0.1:9/UA/Plc" }), new FakeTimeProvider(), logger);

        var stopCalled = new TaskCompletionSource<Task>(TaskCreationOptions.RunContinuationsAsynchronously);
        var linkEnded = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        link.Status.StateChanged += state =>
        {
            if (state != CentralLinkState.Stopped)
            {
                return;
            }

            // The event stream's last act, on its own thread: hold it until the stop has either returned without it or
            // said that it waits for it; then record which.
            var stop = stopCalled.Task.GetAwaiter().GetResult();
            Task.WaitAny(stop, logger.WaitingForLink);
            linkEnded.TrySetResult(stop.IsCompleted);
        };
        await service.StartAsync(CancellationToken.None);
        await logger.PlcUnreachable.WaitAsync(TimeSpan.FromSeconds(10));

        var stopping = service.StopAsync(CancellationToken.None);
        stopCalled.SetResult(stopping);
        await stopping.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(linkEnded.Task.IsCompleted, "the stop returned before the link to central had ended");
        Assert.False(await linkEnded.Task, "the stop returned while the link to central still ran");
    }

    private sealed class SignallingLogger : ILogger<LineAgentService>
    {
        private readonly TaskCompletionSource _plcUnreachable = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _waitingForLink = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task PlcUnreachable => _plcUnreachable.Task;

        public Task WaitingForLink => _waitingForLink.Task;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (eventId.Name == "PlcUnreachable")
            {
                _plcUnreachable.TrySetResult();
            }
            else if (eventId.Name == "WaitingForLink")
            {
                _waitingForLink.TrySetResult();
            }
        }
    }
}
