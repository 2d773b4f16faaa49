using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Traceability.Core.Authentication;
using Traceability.LineAgent.Devices.Plc;
using Traceability.LineAgent.Devices.Printers;
using Traceability.LineAgent.Devices.Readers;
using Traceability.LineAgent.Storage;

namespace Traceability.LineAgent.Pipeline;

/// <summary>
/// The packing line's loop for one running work order: PLC trigger → serial from the pool → unit label → printer →
/// reader, matched BY CONTENT → verdict stored (with its outbox event) and only then written to the PLC, keyed by the
/// unit's sequence → good units fill cases, cases fill pallets, each container label printed and verified.
/// </summary>
/// <remarks>
/// One loop per stage (triggers, printing, reads, the read-window sweep, verdicts to the PLC, packing), joined by
/// channels; each loop gets the stopping token. The devices are owned by the caller (start the reader before
/// <see cref="StartAsync"/>); case and pallet labels go through the same printer and reader as unit labels.
/// </remarks>
public sealed partial class LinePipeline : IAsyncDisposable
{
    private readonly LineStore _store;
    private readonly IPlc _plc;
    private readonly IPrinter _printer;
    private readonly ICodeReader _reader;
    private readonly PipelineOptions _options;
    private readonly LineLabels _labels;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ReadMatcher _matcher = new();
    private readonly Channel<PendingPrint> _prints = Channel.CreateUnbounded<PendingPrint>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly Channel<PendingVerdict> _verdicts = Channel.CreateUnbounded<PendingVerdict>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Channel<PackItem> _packing = Channel.CreateUnbounded<PackItem>(new UnboundedChannelOptions { SingleReader = true });
    private readonly List<Task> _loops = [];
    private readonly Lock _loopsLock = new();
    private readonly Counters _counters = new();
    private readonly OperatorAction _agentLateVerdict;
    private CancellationTokenSource? _stopping;
    private WorkOrderSpec? _spec;
    private int _state = (int)PipelineState.Idle;
    private long _issued;
    private long _inFlight;
    private int _probing;

    /// <summary>Creates the pipeline over the line's store and devices.</summary>
    /// <param name="store">The line store.</param>
    /// <param name="plc">Triggers in, verdicts out.</param>
    /// <param name="printer">Prints unit, case and pallet labels.</param>
    /// <param name="reader">Reads every label the printer makes.</param>
    /// <param name="options">Validated with <see cref="PipelineOptionsValidator"/>.</param>
    /// <param name="signer">Signs each unit's code with AI (8030) when set.</param>
    /// <param name="timeProvider">Time for windows and deadlines.</param>
    /// <param name="logger">Logger.</param>
    /// <exception cref="OptionsValidationException">The options are invalid.</exception>
    public LinePipeline(
        LineStore store, IPlc plc, IPrinter printer, ICodeReader reader, PipelineOptions options,
        CodeSigner? signer = null, TimeProvider? timeProvider = null, ILogger<LinePipeline>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(plc);
        ArgumentNullException.ThrowIfNull(printer);
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(options);
        var validation = new PipelineOptionsValidator().Validate(null, options);
        if (validation.Failed)
        {
            throw new OptionsValidationException(PipelineOptions.SectionName, typeof(PipelineOptions), validation.Failures);
        }

        _store = store;
        _plc = plc;
        _printer = printer;
        _reader = reader;
        _options = options;
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _labels = new LineLabels(options, signer, _time);
        _agentLateVerdict = new OperatorAction(options.AgentOperatorId, "late verdict: the PLC rejected the unit at its gate (fail safe)");
    }

    /// <summary>Raised after each verdict is written to the PLC (from a background thread).</summary>
    public event EventHandler<UnitVerdict>? VerdictWritten;

    /// <summary>Raised when <see cref="State"/> changes (from a background thread).</summary>
    public event EventHandler<PipelineState>? StateChanged;

    /// <summary>Where the pipeline stands.</summary>
    public PipelineState State => (PipelineState)Volatile.Read(ref _state);

    /// <summary>Why the pipeline faulted; null unless <see cref="PipelineState.Faulted"/>.</summary>
    public string? FaultReason { get; private set; }

    /// <summary>The work order being run; null before <see cref="StartAsync"/>.</summary>
    public string? WorkOrderId => _spec?.Id;

    /// <summary>Counters since start.</summary>
    public PipelineCounters Counters => _counters.Snapshot();

    /// <summary>Units with a serial that have not finished (no verdict yet, or good and not packed yet).</summary>
    public long InFlight => Interlocked.Read(ref _inFlight);

    /// <summary>
    /// Starts the loops for a Running work order. Units a previous run left without a verdict are rejected first (the
    /// PLC's shift register has rejected them already).
    /// </summary>
    /// <exception cref="KeyNotFoundException">No such work order.</exception>
    /// <exception cref="InvalidOperationException">The work order is not Running, or the pipeline was started before.</exception>
    public async Task StartAsync(string workOrderId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(workOrderId);
        if (State != PipelineState.Idle)
        {
            throw new InvalidOperationException($"The pipeline is {State}; it runs one work order once.");
        }

        var order = _store.FindWorkOrder(workOrderId) ?? throw new KeyNotFoundException($"Work order '{workOrderId}' is not on this line.");
        if (order.State != WorkOrderState.Running)
        {
            throw new InvalidOperationException($"Work order '{workOrderId}' is {order.State}: start it before running the line.");
        }

        var recovered = await _store.CommitAsync(tx => tx.RejectUnitsAwaitingVerdict("no verdict before the agent restarted"), cancellationToken).ConfigureAwait(false);
        // Verified by a previous run but never packed (the agent stopped between the verdict and the packing commit):
        // their verdict was durable before it went to the PLC, so they are in the good flow; they fill the open case
        // first. (Found by the whole-agent kill test: without this they stayed loose and the order closed with them.)
        // Units an engineer took out of a case (rework) stay out: they are re-aggregated by hand.
        var unpacked = order.Counts.Loose > 0 ? _store.VerifiedUnpackedUnits(workOrderId) : [];
        foreach (var unit in unpacked)
        {
            Interlocked.Increment(ref _inFlight);
            _packing.Writer.TryWrite(new PackItem(unit, null));
        }

        await WarmUpAsync(order.Spec, cancellationToken).ConfigureAwait(false);
        _spec = order.Spec;
        _issued = order.Counts.Issued;
        _stopping = new CancellationTokenSource();
        var token = _stopping.Token;
        SetState(PipelineState.Running);
        Track(Loop("triggers", TriggerLoopAsync, token));
        Track(Loop("printing", PrintLoopAsync, token));
        Track(Loop("reads", ReadLoopAsync, token));
        Track(Loop("read window", SweepLoopAsync, token));
        Track(Loop("verdicts", VerdictLoopAsync, token));
        Track(Loop("packing", PackLoopAsync, token));
        PipelineLog.Started(_logger, workOrderId, _issued, order.Spec.Quantity, recovered.Count, unpacked.Count);
    }

    /// <summary>
    /// Closes the work order: takes no more units, lets the last ones get their verdicts, closes the partial case and
    /// pallet (labels printed and verified), then closes the order in the store (reconciled) and stops.
    /// </summary>
    /// <exception cref="InvalidOperationException">The pipeline is not running, or the store refuses the close (it says which units).</exception>
    public async Task<WorkOrderRecord> CloseWorkOrderAsync(OperatorAction action, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(action);
        var spec = _spec ?? throw new InvalidOperationException("The pipeline has not started.");
        if (!TryMove([PipelineState.Running, PipelineState.PrinterFault], PipelineState.Closing))
        {
            throw new InvalidOperationException($"The pipeline is {State}; only a running line closes its work order.");
        }

        await WaitUntilIdleAsync(cancellationToken).ConfigureAwait(false);
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await _packing.Writer.WriteAsync(new PackItem(null, closed), cancellationToken).ConfigureAwait(false);
        await closed.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        var record = await _store.CommitAsync(tx => tx.CloseWorkOrder(spec.Id, action), cancellationToken).ConfigureAwait(false);
        PipelineLog.WorkOrderClosed(_logger, spec.Id, record.Counts);
        await StopLoopsAsync().ConfigureAwait(false);
        SetState(PipelineState.Stopped);
        return record;
    }

    /// <summary>
    /// Stops taking units, waits (as long as <paramref name="cancellationToken"/> allows) for the units on their way
    /// to get their verdicts and be packed, then stops the loops. Units still without a verdict are rejected at the
    /// next start.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_stopping is null)
        {
            return;
        }

        if (TryMove([PipelineState.Running, PipelineState.PrinterFault, PipelineState.Closing], PipelineState.Stopped))
        {
            try
            {
                await WaitUntilIdleAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // stop anyway: the next start rejects what is left
            }
        }

        await StopLoopsAsync().ConfigureAwait(false);
    }

    /// <summary>Stops, waiting at most the PLC's verdict deadline twice for the units on their way.</summary>
    public async ValueTask DisposeAsync()
    {
        using var wait = new CancellationTokenSource(_options.VerdictDeadline * 2, _time);
        await StopAsync(wait.Token).ConfigureAwait(false);
        _stopping?.Dispose();
    }

    private async Task StopLoopsAsync()
    {
        if (_stopping is not { IsCancellationRequested: false } stopping)
        {
            return;
        }

        await stopping.CancelAsync().ConfigureAwait(false);
        Task[] loops;
        lock (_loopsLock)
        {
            loops = [.. _loops];
        }

        await Task.WhenAll(loops).ConfigureAwait(false);
    }

    private void Track(Task loop)
    {
        lock (_loopsLock)
        {
            _loops.Add(loop);
        }
    }

    private async Task WaitUntilIdleAsync(CancellationToken cancellationToken)
    {
        while (Interlocked.Read(ref _inFlight) > 0)
        {
            await Task.Delay(_options.SweepInterval, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task Loop(string name, Func<CancellationToken, Task> body, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Yield();
            await body(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // stopping
        }
        catch (Exception e)
        {
            Fault($"the {name} loop failed: {e.Message}", e);
        }
    }

    private void Fault(string reason, Exception? exception)
    {
        FaultReason = reason;
        PipelineLog.Faulted(_logger, reason, exception);
        SetState(PipelineState.Faulted);
    }

    private void SetState(PipelineState state)
    {
        if (Interlocked.Exchange(ref _state, (int)state) != (int)state)
        {
            StateChanged?.Invoke(this, state);
        }
    }

    /// <summary>
    /// Moves to <paramref name="to"/> from whichever of <paramref name="from"/> the pipeline is in. A state changed by
    /// another thread between the read and the swap (the printer probe: PrinterFault → Running) is read again, so a
    /// close or stop is never refused, nor a drain skipped, because the printer came back at that instant.
    /// </summary>
    private bool TryMove(PipelineState[] from, PipelineState to)
    {
        var current = Volatile.Read(ref _state);
        while (Array.IndexOf(from, (PipelineState)current) >= 0)
        {
            var seen = Interlocked.CompareExchange(ref _state, (int)to, current);
            if (seen == current)
            {
                StateChanged?.Invoke(this, to);
                return true;
            }

            current = seen;
        }

        return false;
    }

    private sealed record PendingPrint(long Sequence, DateTimeOffset TriggeredAt, long TriggerTimestamp, Task<UnitRecord> Take);

    private sealed record PendingVerdict(long Sequence, OutstandingUnit? Unit, bool Good, string? Reason, Task Stored, DateTimeOffset Deadline)
    {
        /// <summary>When the read that decided the unit arrived (<see cref="TimeProvider.GetTimestamp"/>); 0 when no read decided it.</summary>
        public long ReadTimestamp { get; init; }
    }

    private readonly record struct PackItem(UnitKey? Unit, TaskCompletionSource? Closed);
}
