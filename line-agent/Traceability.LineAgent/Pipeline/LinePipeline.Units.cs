using Traceability.LineAgent.Devices.Printers;
using Traceability.LineAgent.Devices.Readers;
using Traceability.LineAgent.Devices.Transport;
using Traceability.LineAgent.Storage;

namespace Traceability.LineAgent.Pipeline;

public sealed partial class LinePipeline
{
    private async Task TriggerLoopAsync(CancellationToken cancellationToken)
    {
        var spec = _spec!;
        await foreach (var trigger in _plc.TriggersAsync(cancellationToken).ConfigureAwait(false))
        {
            var received = _time.GetTimestamp();
            Interlocked.Increment(ref _counters.Triggers);
            var now = _time.GetUtcNow();
            var refusal = trigger.Recovered
                // Counted while the agent was away: its label time has passed; printing now would put the label on
                // whatever unit is under the head. The PLC rejects it; it gets no serial.
                ? "trigger missed (PLC reconnect)"
                : State switch
                {
                    PipelineState.Running => _issued >= spec.Quantity ? "work order quantity reached" : null,
                    PipelineState.PrinterFault => "printer fault",
                    PipelineState.Closing => "work order closing",
                    var other => $"line {other}",
                };
            if (refusal is not null)
            {
                RejectWithoutSerial(trigger.Sequence, refusal, now);
                continue;
            }

            _issued++;
            Interlocked.Increment(ref _inFlight);
            // Submitted in trigger order and awaited in the same order by the print loop: consecutive units share
            // group commits while labels still leave in the order the units pass the printer.
            var take = _store.CommitAsync(tx => tx.TakeSerial(spec.Id, trigger.Sequence), cancellationToken);
            await _prints.Writer.WriteAsync(new PendingPrint(trigger.Sequence, now, received, take), cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task PrintLoopAsync(CancellationToken cancellationToken)
    {
        var spec = _spec!;
        await foreach (var print in _prints.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            UnitRecord unit;
            try
            {
                unit = await print.Take.ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                _issued--;
                Interlocked.Decrement(ref _inFlight);
                RejectWithoutSerial(print.Sequence, $"no serial: {e.Message}", print.TriggeredAt);
                if (e is LineStoreFaultedException)
                {
                    Fault("the line store is faulted", e);
                }

                continue;
            }

            var label = _labels.Unit(unit.Key, spec);
            var outstanding = new OutstandingUnit(
                unit.Key, unit.PlcSequence, label.Content, label.DigitalSignature, label.Link, print.TriggeredAt,
                print.TriggeredAt + _options.ReadWindow, print.TriggeredAt + _options.VerdictDeadline);
            if (State == PipelineState.PrinterFault)
            {
                Decide(outstanding, good: false, "not printed: printer fault");
                continue;
            }

            // Submitted before the unit can be decided, so "printed" always precedes its verdict in the store.
            Observe(_store.CommitAsync(tx => tx.RecordPrinted(unit.Key), cancellationToken));
            _matcher.Add(outstanding);
            outstanding.TicksBeforePrint = _time.GetTimestamp() - print.TriggerTimestamp;
            try
            {
                await _printer.PrintAsync(new PrintJob(unit.Key.ToString(), label.Zpl), cancellationToken).ConfigureAwait(false);
            }
            catch (PrinterNotReadyException e)
            {
                NotPrinted(outstanding, $"not printed: {string.Join(", ", e.Status?.Conditions ?? ["printer not ready"])}", e);
            }
            catch (DeviceConnectionException e)
            {
                NotPrinted(outstanding, "not printed: printer unreachable", e);
            }
            catch (PrintOutcomeUnknownException e)
            {
                // The label may exist: leave the unit to its read (good if read in time, else no-read).
                PipelineLog.PrintOutcomeUnknown(_logger, unit.Key.ToString(), e);
            }
        }
    }

    private void NotPrinted(OutstandingUnit unit, string reason, Exception e)
    {
        if (_matcher.Withdraw(unit))
        {
            Decide(unit, good: false, reason);
        }

        PrinterFaulted(reason, e);
    }

    private async Task ReadLoopAsync(CancellationToken cancellationToken)
    {
        await foreach (var read in _reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            switch (read)
            {
                case ReaderEvent.Read r:
                    OnRead(r.Text);
                    break;
                case ReaderEvent.NoRead:
                    // A no-read names no unit: by content there is nothing to pair it with. The unit it belonged to
                    // is rejected when its window closes.
                    Interlocked.Increment(ref _counters.NoReadEvents);
                    PipelineLog.ReaderNoise(_logger, "a no-read");
                    break;
                case ReaderEvent.Garbled:
                    Interlocked.Increment(ref _counters.Garbled);
                    PipelineLog.ReaderNoise(_logger, "a garbled frame");
                    break;
            }
        }
    }

    private void OnRead(string text)
    {
        var received = _time.GetTimestamp();
        var content = LineLabels.ContentOf(text);
        var (kind, unit) = _matcher.Match(content, text);
        switch (kind)
        {
            case ReadMatchKind.Unit:
                if (_time.GetUtcNow() <= unit!.ReadBy)
                {
                    Decide(unit, good: true, null, received);
                }
                else
                {
                    // Read after its window: a good verdict would reach the PLC after its gate; reject it ourselves.
                    Decide(unit, good: false, "late verdict");
                }

                break;
            case ReadMatchKind.Misread:
                Interlocked.Increment(ref _counters.Misreads);
                PipelineLog.Misread(_logger, text);
                break;
            case ReadMatchKind.AlreadyDecided:
                Interlocked.Increment(ref _counters.RepeatedReads);
                PipelineLog.AlreadyDecided(_logger, content!);
                break;
        }
    }

    private async Task SweepLoopAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_options.SweepInterval, _time);
        while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
        {
            foreach (var unit in _matcher.Expire(_time.GetUtcNow()))
            {
                Decide(unit, good: false, "no-read");
            }
        }
    }

    /// <summary>Stores the verdict (with its outbox event); the verdict loop writes it to the PLC once it is on disk.</summary>
    private void Decide(OutstandingUnit unit, bool good, string? reason, long readTimestamp = 0)
    {
        var stored = good
            ? (Task)_store.CommitAsync(tx => tx.RecordVerified(unit.Key, unit.DigitalSignature), CancellationToken.None)
            : _store.CommitAsync(tx => tx.RecordRejected(unit.Key, reason!), CancellationToken.None);
        _verdicts.Writer.TryWrite(new PendingVerdict(unit.Sequence, unit, good, reason, stored, unit.Deadline) { ReadTimestamp = readTimestamp });
    }

    private void RejectWithoutSerial(long sequence, string reason, DateTimeOffset triggeredAt)
    {
        PipelineLog.RejectedWithoutSerial(_logger, sequence, reason);
        _verdicts.Writer.TryWrite(new PendingVerdict(sequence, null, false, reason, Task.CompletedTask, triggeredAt + _options.VerdictDeadline));
    }

    private async Task VerdictLoopAsync(CancellationToken cancellationToken)
    {
        await foreach (var verdict in _verdicts.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            var good = verdict.Good;
            var reason = verdict.Reason;
            try
            {
                // The invariant: what the agent tells the PLC is on disk first.
                await verdict.Stored.ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                good = false;
                reason = "verdict not stored";
                Fault($"the verdict for unit {verdict.Sequence} could not be stored: {e.Message}", e);
            }

            if (verdict is { ReadTimestamp: not 0, Unit: { } decided })
            {
                PipelineMetrics.RecordAgentTime(_time, decided.TicksBeforePrint, verdict.ReadTimestamp);
            }

            Exception? writeError = null;
            try
            {
                await _plc.WriteVerdictAsync(verdict.Sequence, good, reason, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                writeError = e;
            }

            var late = writeError is not null || _time.GetUtcNow() > verdict.Deadline;
            if (late)
            {
                Interlocked.Increment(ref _counters.LateVerdicts);
                PipelineLog.LateVerdict(_logger, verdict.Sequence, writeError is null ? "written after the deadline" : "write failed", writeError);
                if (good && verdict.Unit is { } stored)
                {
                    // The PLC rejected the unit at its gate: it is not in the case. Record what really happened.
                    await _store.CommitAsync(tx => tx.DecommissionUnit(stored.Key, DecommissionKind.Inactive, _agentLateVerdict), cancellationToken).ConfigureAwait(false);
                    good = false;
                    reason = "late verdict";
                }
            }

            Finish(verdict, good, reason, late);
        }
    }

    private void Finish(PendingVerdict verdict, bool good, string? reason, bool late)
    {
        var serial = verdict.Unit?.Key.Serial.Value;
        PipelineLog.Verdict(_logger, verdict.Sequence, serial ?? "-", good ? "good" : "reject", reason);
        if (verdict.Unit is null)
        {
            Interlocked.Increment(ref _counters.RejectedWithoutSerial);
        }
        else if (good)
        {
            Interlocked.Increment(ref _counters.Good);
            _packing.Writer.TryWrite(new PackItem(verdict.Unit.Key, null));
        }
        else
        {
            Interlocked.Increment(ref _counters.Rejected);
            Interlocked.Decrement(ref _inFlight);
        }

        VerdictWritten?.Invoke(this, new UnitVerdict(verdict.Sequence, serial, good, reason, late));
    }

    private void PrinterFaulted(string conditions, Exception? e)
    {
        if (!TryMove([PipelineState.Running], PipelineState.PrinterFault))
        {
            return;
        }

        PipelineLog.PrinterFault(_logger, _printer.Description, conditions, e);
        if (Interlocked.Exchange(ref _probing, 1) == 0)
        {
            Track(Loop("printer probe", ProbePrinterAsync, _stopping!.Token));
        }
    }

    private async Task ProbePrinterAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (State == PipelineState.PrinterFault)
            {
                await Task.Delay(_options.PrinterProbeInterval, _time, cancellationToken).ConfigureAwait(false);
                if (await IsPrinterReadyAsync(cancellationToken).ConfigureAwait(false) && TryMove([PipelineState.PrinterFault], PipelineState.Running))
                {
                    PipelineLog.PrinterReady(_logger, _printer.Description);
                }
            }
        }
        finally
        {
            Volatile.Write(ref _probing, 0);
        }
    }

    private async Task<bool> IsPrinterReadyAsync(CancellationToken cancellationToken)
    {
        try
        {
            return (await _printer.QueryStatusAsync(cancellationToken).ConfigureAwait(false)).IsReady;
        }
        catch (Exception e) when (e is DeviceConnectionException or FormatException)
        {
            return false;
        }
    }

    private void Observe(Task task) => _ = task.ContinueWith(
        t => Fault($"recording a print failed: {t.Exception!.GetBaseException().Message}", t.Exception),
        CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
}
