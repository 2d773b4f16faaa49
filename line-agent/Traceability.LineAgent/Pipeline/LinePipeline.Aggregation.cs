using Traceability.Core.Gs1;
using Traceability.LineAgent.Devices.Printers;
using Traceability.LineAgent.Devices.Transport;
using Traceability.LineAgent.Storage;

namespace Traceability.LineAgent.Pipeline;

public sealed partial class LinePipeline
{
    private const string SsccCounter = "sscc";

    /// <summary>Good units, in verdict order, fill the open case; a full case is labelled, verified, closed and put on the pallet.</summary>
    private async Task PackLoopAsync(CancellationToken cancellationToken)
    {
        await FinishFullContainersAsync(cancellationToken).ConfigureAwait(false);
        var waiting = new List<UnitKey>();
        while (await _packing.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            TaskCompletionSource? close = null;
            while (close is null && _packing.Reader.TryRead(out var item))
            {
                if (item.Unit is { } unit)
                {
                    waiting.Add(unit);
                }
                else
                {
                    close = item.Closed;
                }
            }

            await PackAsync(waiting, cancellationToken).ConfigureAwait(false);
            if (close is not null)
            {
                await ClosePartialContainersAsync(cancellationToken).ConfigureAwait(false);
                close.TrySetResult();
            }
        }
    }

    private async Task PackAsync(List<UnitKey> waiting, CancellationToken cancellationToken)
    {
        var spec = _spec!;
        // A full case (and a full pallet) whose label was verified is closed in the same commit that packs the next
        // units: one durable commit per case instead of two (the pack loop waited for each, and was the burst's pace).
        Sscc? verifiedCase = null;
        Sscc? verifiedPallet = null;
        while (waiting.Count > 0 || verifiedCase is not null || verifiedPallet is not null)
        {
            // One commit packs every waiting unit that fits the open case (batching keeps up with the group commits).
            var batch = waiting.ToArray();
            var closingCase = verifiedCase;
            var closingPallet = verifiedPallet;
            var (pallet, packed, full) = await _store.CommitAsync(tx =>
            {
                if (closingPallet is { } donePallet)
                {
                    // Before the case below: a case closed after it goes on the next pallet.
                    tx.CloseContainer(donePallet);
                }

                var pallet = closingCase is { } doneCase ? CloseCase(tx, doneCase) : null;
                if (batch.Length == 0)
                {
                    return (pallet, 0, (Sscc?)null);
                }

                var box = tx.FindOpenContainer(spec.Id, ContainerKind.Case) ?? tx.OpenContainer(ContainerKind.Case, NextSscc(tx), spec.Id);
                var count = 0;
                foreach (var unit in batch)
                {
                    if (box.ChildCount >= spec.UnitsPerCase)
                    {
                        break;
                    }

                    box = tx.PackUnit(unit, box.Sscc);
                    count++;
                }

                return (pallet, count, box.ChildCount >= spec.UnitsPerCase ? box.Sscc : (Sscc?)null);
            }, cancellationToken).ConfigureAwait(false);
            verifiedCase = null;
            verifiedPallet = null;
            waiting.RemoveRange(0, packed);
            Interlocked.Add(ref _inFlight, -packed);
            if (closingPallet is { } closedPallet)
            {
                PalletClosed(closedPallet, spec.CasesPerPallet);
            }

            if (closingCase is { } closedCase)
            {
                CaseClosed(closedCase, spec.UnitsPerCase);
                if (pallet!.ChildCount >= spec.CasesPerPallet)
                {
                    await PrintAndVerifyAsync(ContainerKind.Pallet, pallet.Sscc, _labels.Pallet(pallet.Sscc, spec, pallet.ChildCount), cancellationToken).ConfigureAwait(false);
                    verifiedPallet = pallet.Sscc;
                }
            }

            if (full is { } caseSscc)
            {
                await PrintAndVerifyAsync(ContainerKind.Case, caseSscc, _labels.Case(caseSscc, spec, spec.UnitsPerCase), cancellationToken).ConfigureAwait(false);
                verifiedCase = caseSscc;
            }
        }
    }

    /// <summary>
    /// A run that stopped after filling a container but before its label was verified left it open and full (found
    /// by the whole-agent kill test: the next case then met a full pallet and the line faulted). Finish those first.
    /// </summary>
    private async Task FinishFullContainersAsync(CancellationToken cancellationToken)
    {
        var spec = _spec!;
        if (_store.FindOpenContainer(spec.Id, ContainerKind.Case) is { } fullCase && fullCase.ChildCount >= spec.UnitsPerCase)
        {
            await FinishCaseAsync(fullCase.Sscc, cancellationToken).ConfigureAwait(false);
        }

        // Finishing the case may have filled and closed the pallet; look again.
        if (_store.FindOpenContainer(spec.Id, ContainerKind.Pallet) is { } fullPallet && fullPallet.ChildCount >= spec.CasesPerPallet)
        {
            await FinishPalletAsync(fullPallet.Sscc, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task ClosePartialContainersAsync(CancellationToken cancellationToken)
    {
        var open = _store.ContainersOf(_spec!.Id).Where(c => c.State == ContainerState.Open).ToList();
        if (open.FirstOrDefault(c => c.Kind == ContainerKind.Case) is { ChildCount: > 0 } partialCase)
        {
            await FinishCaseAsync(partialCase.Sscc, cancellationToken).ConfigureAwait(false);
        }

        // Finishing the case may have filled and closed the pallet; look again.
        if (_store.ContainersOf(_spec.Id).FirstOrDefault(c => c.State == ContainerState.Open && c.Kind == ContainerKind.Pallet) is { ChildCount: > 0 } partialPallet)
        {
            await FinishPalletAsync(partialPallet.Sscc, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task FinishCaseAsync(Sscc caseSscc, CancellationToken cancellationToken)
    {
        var spec = _spec!;
        var count = _store.FindContainer(caseSscc)!.ChildCount;
        await PrintAndVerifyAsync(ContainerKind.Case, caseSscc, _labels.Case(caseSscc, spec, count), cancellationToken).ConfigureAwait(false);
        var pallet = await _store.CommitAsync(tx => CloseCase(tx, caseSscc), cancellationToken).ConfigureAwait(false);
        await CaseClosedAsync(caseSscc, count, pallet, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Closes a case whose label was verified (its <c>Aggregated</c> event) and puts it on the open pallet, opened if none.</summary>
    private ContainerRecord CloseCase(LineStoreTransaction tx, Sscc caseSscc)
    {
        var spec = _spec!;
        tx.CloseContainer(caseSscc);
        var pallet = tx.FindOpenContainer(spec.Id, ContainerKind.Pallet) ?? tx.OpenContainer(ContainerKind.Pallet, NextSscc(tx), spec.Id);
        return tx.PackCase(caseSscc, pallet.Sscc);
    }

    /// <summary>After the close of a case is durable: counted, logged, and a full pallet labelled and closed.</summary>
    private async Task CaseClosedAsync(Sscc caseSscc, int count, ContainerRecord pallet, CancellationToken cancellationToken)
    {
        CaseClosed(caseSscc, count);
        if (pallet.ChildCount >= _spec!.CasesPerPallet)
        {
            await FinishPalletAsync(pallet.Sscc, cancellationToken).ConfigureAwait(false);
        }
    }

    private void CaseClosed(Sscc caseSscc, int count)
    {
        Interlocked.Increment(ref _counters.CasesClosed);
        PipelineLog.ContainerClosed(_logger, nameof(ContainerKind.Case), caseSscc.Value, count);
    }

    private async Task FinishPalletAsync(Sscc palletSscc, CancellationToken cancellationToken)
    {
        var pallet = _store.FindContainer(palletSscc)!;
        await PrintAndVerifyAsync(ContainerKind.Pallet, palletSscc, _labels.Pallet(palletSscc, _spec!, pallet.ChildCount), cancellationToken).ConfigureAwait(false);
        await _store.CommitAsync(tx => tx.CloseContainer(palletSscc), cancellationToken).ConfigureAwait(false);
        PalletClosed(palletSscc, pallet.ChildCount);
    }

    private void PalletClosed(Sscc palletSscc, int count)
    {
        Interlocked.Increment(ref _counters.PalletsClosed);
        PipelineLog.ContainerClosed(_logger, nameof(ContainerKind.Pallet), palletSscc.Value, count);
    }

    /// <summary>Prints a container label until a read of its SSCC comes back; the aggregation is recorded only after that.</summary>
    private async Task PrintAndVerifyAsync(ContainerKind kind, Sscc sscc, RenderedLabel label, CancellationToken cancellationToken)
    {
        var sent = false;
        for (var attempt = 1; attempt <= _options.ContainerLabelAttempts; attempt++)
        {
            var read = _matcher.ExpectContainer(label.Content);
            try
            {
                await WaitForPrinterAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    await _printer.PrintAsync(new PrintJob($"{kind}:{sscc.Value}", label.Zpl) { Reprint = sent }, cancellationToken).ConfigureAwait(false);
                    sent = true;
                }
                catch (Exception e) when (e is PrinterNotReadyException or DeviceConnectionException)
                {
                    PrinterFaulted(e.Message, e);
                    continue;
                }
                catch (PrintOutcomeUnknownException)
                {
                    sent = true;
                }

                await read.WaitAsync(_options.ContainerReadWindow, _time, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (TimeoutException)
            {
                Interlocked.Increment(ref _counters.ContainerReprints);
                PipelineLog.ContainerLabelNotRead(_logger, kind.ToString(), sscc.Value, attempt, _options.ContainerLabelAttempts);
            }
            finally
            {
                _matcher.ForgetContainer(label.Content);
            }
        }

        throw new InvalidOperationException($"{kind} {sscc}: label not verified after {_options.ContainerLabelAttempts} prints; it stays open for an operator.");
    }

    private async Task WaitForPrinterAsync(CancellationToken cancellationToken)
    {
        while (State == PipelineState.PrinterFault)
        {
            await Task.Delay(_options.PrinterProbeInterval, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    private Sscc NextSscc(LineStoreTransaction tx) =>
        Sscc.Create(_options.SsccExtensionDigit, _options.CompanyPrefix, tx.NextSequence(SsccCounter));
}
