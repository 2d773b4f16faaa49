using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Traceability.Core.Lifecycle;
using Traceability.LineAgent.Central;
using Traceability.LineAgent.Devices.Plc;
using Traceability.LineAgent.Devices.Printers;
using Traceability.LineAgent.Devices.Readers;
using Traceability.LineAgent.Devices.Transport;
using Traceability.LineAgent.Manual;
using Traceability.LineAgent.Host.Runtime;
using Traceability.LineAgent.Pipeline;
using Traceability.LineAgent.Storage;

namespace Traceability.LineAgent.Host.Hmi;

/// <summary>
/// The HMI's view of the line, over the <see cref="LineStore"/> and, when the host registers them, the
/// <see cref="LinePipeline"/>, the devices and the <see cref="CentralLink"/>. Anything missing shows as not running
/// or not configured rather than failing the page.
/// </summary>
public sealed class LineHmiSource : ILineHmiSource, IDisposable
{
    private readonly IServiceProvider _services;
    private readonly LineStore _store;
    private readonly HmiOptions _options;
    private readonly TimeProvider _time;
    private readonly RateMeter _rate;
    private readonly Lock _lock = new();
    private TaskCompletionSource _changed = NewSignal();
    private LinePipeline? _subscribed;
    private string? _lastCurrent;
    private CentralLinkStatus? _subscribedLink;
    private ManualWork? _subscribedManual;

    /// <summary>Reads the store and whatever of pipeline, devices and link <paramref name="services"/> holds.</summary>
    public LineHmiSource(IServiceProvider services, LineStore store, IOptions<HmiOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _services = services;
        _store = store;
        _options = options.Value;
        _time = time;
        _rate = new RateMeter(time);
    }

    // The agent host runs one pipeline per work order in its LineRuntime; a bare pipeline in DI serves tests and tools.
    private LineRuntime? Runtime => _services.GetService<LineRuntime>();

    private LinePipeline? Pipeline => Subscribe(Runtime?.Pipeline ?? _services.GetService<LinePipeline>());

    /// <inheritdoc />
    public HmiSnapshot Snapshot()
    {
        var pipeline = Pipeline;
        var orders = _store.WorkOrders();
        // Nothing running: keep showing the order shown last (just paused or closed) rather than jumping to another.
        var current = orders.FirstOrDefault(o => o.State == WorkOrderState.Running)
            ?? orders.FirstOrDefault(o => o.Id == pipeline?.WorkOrderId)
            ?? orders.FirstOrDefault(o => o.Id == Volatile.Read(ref _lastCurrent))
            ?? orders.FirstOrDefault(o => o.State == WorkOrderState.Paused);
        Volatile.Write(ref _lastCurrent, current?.Id);
        var counts = current?.Counts ?? default;
        var pipelineCounters = pipeline?.WorkOrderId is { } running && running == current?.Id ? pipeline.Counters : null;
        var units = current is null ? [] : _store.UnitsOf(current.Id);
        var containers = current is null ? [] : _store.ContainersOf(current.Id);
        var openCase = containers.FirstOrDefault(c => c.Kind == ContainerKind.Case && c.State == ContainerState.Open);
        var openPallet = containers.FirstOrDefault(c => c.Kind == ContainerKind.Pallet && c.State == ContainerState.Open);
        return new HmiSnapshot(
            _store.LineId,
            _time.GetUtcNow(),
            pipeline?.State.ToString() ?? "NotRunning",
            pipeline?.FaultReason,
            current?.Id,
            new HmiCounts(
                current?.Spec.Quantity ?? 0, counts.Issued, counts.Printed, counts.AwaitingVerdict, counts.Verified, counts.Rejected,
                counts.Packed, counts.Samples, counts.Decommissioned, counts.Loose, pipeline?.InFlight ?? 0,
                pipelineCounters?.Misreads ?? 0, pipelineCounters?.NoReadEvents ?? 0, pipelineCounters?.RejectedWithoutSerial ?? 0),
            Math.Round(_rate.Sample(current?.Id, counts.Verified), 1),
            [.. units.Where(u => u.State is SerialState.LabelScrapped or SerialState.LabelSampled)
                .GroupBy(u => u.RejectReason ?? "unknown", StringComparer.Ordinal)
                .Select(g => new HmiReasonCount(g.Key, g.LongCount()))
                .OrderByDescending(r => r.Count).ThenBy(r => r.Reason, StringComparer.Ordinal)],
            Devices(),
            openCase is null ? null : new HmiContainer(openCase.Sscc.ToString(), openCase.ChildCount, current!.Spec.UnitsPerCase),
            openPallet is null ? null : new HmiContainer(openPallet.Sscc.ToString(), openPallet.ChildCount, current!.Spec.CasesPerPallet),
            [.. orders.Select(o => new HmiWorkOrder(
                o.Id, o.Spec.Gtin.Value, o.Spec.Lot, o.Spec.Expiry, o.Spec.Quantity, o.State.ToString(), o.Counts.Verified,
                CanStart: o.State is WorkOrderState.Planned or WorkOrderState.Paused,
                CanPause: o.State == WorkOrderState.Running,
                CanClose: o.State is WorkOrderState.Running or WorkOrderState.Paused))],
            [.. units.Where(u => u.State is SerialState.LabelScrapped or SerialState.Encoded)
                .OrderByDescending(u => u.PlcSequence)
                .Take(_options.ReprintQueueLimit)
                .Select(u => new HmiReprint(u.Key.ToString(), u.PlcSequence, u.State == SerialState.Encoded ? "unverified" : "rejected", u.RejectReason, u.ReprintCount))],
            Reconcile(counts));
    }

    /// <inheritdoc />
    public Task WaitForChangeAsync(CancellationToken cancellationToken)
    {
        _ = Pipeline;
        SubscribeLink();
        SubscribeManual();
        lock (_lock)
        {
            return _changed.Task.WaitAsync(cancellationToken);
        }
    }

    /// <inheritdoc />
    public async Task<WorkOrderRecord> StartAsync(string workOrderId, OperatorAction action, CancellationToken cancellationToken)
    {
        if (Runtime is { } runtime)
        {
            await runtime.StartWorkOrderAsync(workOrderId, action, cancellationToken).ConfigureAwait(false);
            Signal();
            return _store.FindWorkOrder(workOrderId)!;
        }

        var record = await _store.CommitAsync(tx => tx.StartWorkOrder(workOrderId, action), cancellationToken).ConfigureAwait(false);
        if (Pipeline is { State: PipelineState.Idle } pipeline)
        {
            await pipeline.StartAsync(workOrderId, cancellationToken).ConfigureAwait(false);
        }

        Signal();
        return record;
    }

    /// <inheritdoc />
    public async Task<WorkOrderRecord> PauseAsync(string workOrderId, OperatorAction action, CancellationToken cancellationToken)
    {
        if (Runtime is { } runtime)
        {
            var paused = await runtime.PauseWorkOrderAsync(workOrderId, action, cancellationToken).ConfigureAwait(false);
            Signal();
            return paused;
        }

        var order = _store.FindWorkOrder(workOrderId) ?? throw new KeyNotFoundException($"Work order '{workOrderId}' is not on this line.");
        if (order.State != WorkOrderState.Running)
        {
            throw new InvalidOperationException($"Work order '{workOrderId}' is {order.State}; only a Running order can pause.");
        }

        // The line stops taking units before the order pauses: a trigger in between would be refused a serial anyway.
        if (Pipeline is { } pipeline && pipeline.WorkOrderId == workOrderId)
        {
            await pipeline.StopAsync(cancellationToken).ConfigureAwait(false);
        }

        var record = await _store.CommitAsync(tx => tx.PauseWorkOrder(workOrderId, action), cancellationToken).ConfigureAwait(false);
        Signal();
        return record;
    }

    /// <inheritdoc />
    public async Task<WorkOrderRecord> CloseAsync(string workOrderId, OperatorAction action, CancellationToken cancellationToken)
    {
        WorkOrderRecord record;
        if (Runtime is { } runtime)
        {
            record = await runtime.CloseWorkOrderAsync(workOrderId, action, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            record = Pipeline is { State: PipelineState.Running or PipelineState.PrinterFault } pipeline && pipeline.WorkOrderId == workOrderId
                ? await pipeline.CloseWorkOrderAsync(action, cancellationToken).ConfigureAwait(false)
                : await _store.CommitAsync(tx => tx.CloseWorkOrder(workOrderId, action), cancellationToken).ConfigureAwait(false);
        }

        Signal();
        return record;
    }

    /// <inheritdoc />
    public async Task<WorkOrderRecord> CreateAsync(WorkOrderSpec spec, OperatorAction action, CancellationToken cancellationToken)
    {
        var record = await _store.CommitAsync(tx => tx.CreateWorkOrder(spec, action), cancellationToken).ConfigureAwait(false);
        Signal();
        return record;
    }

    /// <inheritdoc />
    public async Task RecordRefusedAsync(OperatorAction action, string what, string subject, CancellationToken cancellationToken)
    {
        await _store.CommitAsync(tx => tx.RecordManualAction(action, what, subject), cancellationToken).ConfigureAwait(false);
        Signal();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_lock)
        {
            if (_subscribed is not null)
            {
                _subscribed.VerdictWritten -= OnVerdict;
                _subscribed.StateChanged -= OnPipelineState;
            }

            if (_subscribedLink is not null)
            {
                _subscribedLink.StateChanged -= OnLinkState;
            }

            if (_subscribedManual is not null)
            {
                _subscribedManual.Changed -= OnManualWork;
            }
        }
    }

    private static HmiReconciliation Reconcile(Reconciliation c)
    {
        HmiEquation[] equations =
        [
            new($"issued {c.Issued} = printed {c.Printed} + unused {c.Unused}", c.Issued == c.Printed + c.Unused),
            new($"printed {c.Printed} = verified {c.Verified} + rejected {c.Rejected} + awaiting verdict {c.AwaitingVerdict}",
                c.Printed == c.Verified + c.Rejected + c.AwaitingVerdict),
            new($"verified {c.Verified} = packed {c.Packed} + samples {c.Samples} + decommissioned {c.Decommissioned} + loose {c.Loose}",
                c.Verified == c.Packed + c.Samples + c.Decommissioned + c.Loose),
        ];
        return new HmiReconciliation(equations.All(e => e.Holds), equations);
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static HmiDevice Device(string name, DeviceConnectionState? state, string? detail) => state is { } s
        ? new HmiDevice(name, s.ToString(), s == DeviceConnectionState.Connected, detail)
        : new HmiDevice(name, "NotConfigured", false, null);

    private List<HmiDevice> Devices()
    {
        var runtime = Runtime;
        var printer = runtime?.Printer ?? _services.GetService<IPrinter>();
        var reader = runtime?.Reader ?? _services.GetService<ICodeReader>();
        var plc = runtime?.Plc ?? _services.GetService<IPlc>();
        var link = SubscribeLink();
        return
        [
            Device("printer", printer?.State, printer?.Description),
            Device("reader", reader?.State, null),
            Device("plc", plc?.State, null),
            link is null
                ? new HmiDevice("central", "NotConfigured", false, null)
                : new HmiDevice(
                    "central",
                    link.State.ToString(),
                    link.State == CentralLinkState.Connected && link.RejectedEvents.Count == 0,
                    $"{link.OutboxPending} events to send"
                        + (link.RejectedEvents.Count > 0 ? $", {link.RejectedEvents.Count} refused by central" : "")
                        + (link.LastError is { } error ? $"; {error}" : "")),
        ];
    }

    private void Signal()
    {
        TaskCompletionSource fired;
        lock (_lock)
        {
            fired = _changed;
            _changed = NewSignal();
        }

        fired.TrySetResult();
    }

    private void OnVerdict(object? sender, UnitVerdict verdict) => Signal();

    private void OnPipelineState(object? sender, PipelineState state) => Signal();

    private void OnLinkState(CentralLinkState state) => Signal();

    private void OnManualWork(object? sender, EventArgs e) => Signal();

    // A reprint, sample or rework from the API or another page reaches every open page at once.
    private void SubscribeManual()
    {
        var manual = _services.GetService<ManualWork>();
        if (manual is null)
        {
            return;
        }

        lock (_lock)
        {
            if (_subscribedManual != manual)
            {
                _subscribedManual = manual;
                manual.Changed += OnManualWork;
            }
        }
    }

    private LinePipeline? Subscribe(LinePipeline? pipeline)
    {
        if (pipeline is null)
        {
            return null;
        }

        lock (_lock)
        {
            if (_subscribed != pipeline)
            {
                _subscribed = pipeline;
                pipeline.VerdictWritten += OnVerdict;
                pipeline.StateChanged += OnPipelineState;
            }
        }

        return pipeline;
    }

    private CentralLinkStatus? SubscribeLink()
    {
        var link = _services.GetService<CentralLink>()?.Status;
        if (link is null)
        {
            return null;
        }

        lock (_lock)
        {
            if (_subscribedLink != link)
            {
                _subscribedLink = link;
                link.StateChanged += OnLinkState;
            }
        }

        return link;
    }
}
