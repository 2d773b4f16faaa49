using Microsoft.Extensions.Options;
using Traceability.LineAgent.Devices.Plc;
using Traceability.LineAgent.Devices.Readers;
using Traceability.LineAgent.Storage;

namespace Traceability.LineAgent.Host.Runtime;

/// <summary>
/// The agent's life: opens the devices, runs the link to central, resumes a work order left running, and on stop
/// drains the pipeline first (every unit on its way gets its verdict and is recorded) before the link and the PLC go.
/// </summary>
public sealed class LineAgentService(
    LineRuntime runtime, CodeReader reader, IOptions<PlcOptions> plcOptions, TimeProvider timeProvider, ILogger<LineAgentService> logger)
    : BackgroundService
{
    private static readonly OperatorAction Resume = new("line-agent", "resumed after restart");
    private static readonly TimeSpan PlcRetry = TimeSpan.FromSeconds(2);
    private OpcUaPlc? _plc;
    private Task _link = Task.CompletedTask;

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        LineAgentLog.Starting(logger, runtime.Store.LineId);
        reader.Start();
        var link = _link = runtime.Central.RunAsync(stoppingToken);
        while (_plc is null && !stoppingToken.IsCancellationRequested)
        {
            try
            {
                _plc = await OpcUaPlc.ConnectAsync(plcOptions.Value, timeProvider, logger, stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LineAgentLog.PlcUnreachable(logger, plcOptions.Value.Endpoint, e.Message);
                await Task.Delay(PlcRetry, timeProvider, stoppingToken).ConfigureAwait(false);
            }
        }

        if (_plc is not null)
        {
            runtime.AttachPlc(_plc);
            LineAgentLog.PlcConnected(logger, plcOptions.Value.Endpoint);
            if (runtime.Store.WorkOrders().FirstOrDefault(w => w.State == WorkOrderState.Running) is { } running)
            {
                await runtime.StartWorkOrderAsync(running.Id, Resume, stoppingToken).ConfigureAwait(false);
                LineAgentLog.Resumed(logger, running.Id);
            }
        }

        await link.ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // Drain before anything else goes: the PLC must still take the verdicts of the units on their way.
        await runtime.StopPipelineAsync(cancellationToken).ConfigureAwait(false);
        await base.StopAsync(cancellationToken).ConfigureAwait(false);

        // The resume in ExecuteAsync may have taken the runtime's gate between that drain and the token's cancel: its
        // pipeline is drained here, still before the PLC goes (nothing runs: a no-op).
        await runtime.StopPipelineAsync(cancellationToken).ConfigureAwait(false);

        // ExecuteAsync ends without the link when the stop cuts its PLC retry or resume short; the link's calls use the
        // store and the gRPC channel, which the host disposes once this returns.
        if (!_link.IsCompleted)
        {
            LineAgentLog.WaitingForLink(logger, runtime.Store.LineId);
            await _link.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        if (_plc is not null)
        {
            await _plc.DisposeAsync().ConfigureAwait(false);
        }

        LineAgentLog.Stopped(logger, runtime.Store.LineId, runtime.Store.Outbox.DurableSequence, runtime.Store.Outbox.AcknowledgedSequence);
    }
}
