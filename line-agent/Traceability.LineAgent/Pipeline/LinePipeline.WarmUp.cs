using System.Diagnostics;
using System.Globalization;
using Traceability.Core.Gs1;
using Traceability.Core.Serials;
using Traceability.LineAgent.Storage;

namespace Traceability.LineAgent.Pipeline;

public sealed partial class LinePipeline
{
    /// <summary>
    /// Runs a unit's code paths <see cref="PipelineOptions.WarmUpUnits"/> times before the first trigger, so that the first
    /// units of a shift do not pay for the JIT and first uses (label template, signing, Digital Link, read matching, the
    /// store's take, print, verdict and packing): measured, the first work order after a start had a p99 over 5 ms only
    /// because of them. Nothing leaves the agent and nothing is kept: labels are rendered for serials that are not in
    /// any pool and never printed, and the store's part runs in one change that is rolled back (no serial taken, no
    /// event, no SSCC used).
    /// </summary>
    private async Task WarmUpAsync(WorkOrderSpec spec, CancellationToken cancellationToken)
    {
        var units = _options.WarmUpUnits;
        if (units == 0)
        {
            return;
        }

        var started = Stopwatch.GetTimestamp();
        var matcher = new ReadMatcher();
        var now = _time.GetUtcNow();
        var signature = "";
        for (var i = 0; i < units; i++)
        {
            var key = new UnitKey(spec.Gtin, Serial.Parse(string.Create(CultureInfo.InvariantCulture, $"WARMUP{i:D6}")));
            var label = _labels.Unit(key, spec);
            signature = label.DigitalSignature;
            matcher.Add(new OutstandingUnit(key, -1 - i, label.Content, label.DigitalSignature, label.Link, now, now + _options.ReadWindow, now + _options.VerdictDeadline));
            _ = matcher.Match(LineLabels.ContentOf(label.Link), label.Link);
        }

        var sscc = Sscc.Create(_options.SsccExtensionDigit, _options.CompanyPrefix, 1);
        _ = _labels.Case(sscc, spec, spec.UnitsPerCase);
        _ = _labels.Pallet(sscc, spec, spec.CasesPerPallet);
        _ = matcher.Expire(now + _options.VerdictDeadline);

        var stored = 0;
        try
        {
            await _store.CommitAsync<bool>(tx =>
            {
                stored = WarmUpStore(tx, spec, units, signature);
                throw new WarmUpRolledBack();
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (WarmUpRolledBack)
        {
            // the intended end: the store's part is rolled back
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        PipelineLog.WarmedUp(_logger, units, stored, elapsed.TotalMilliseconds);
    }

    /// <summary>Takes, prints, verifies and packs up to <paramref name="units"/> units in a transaction the caller rolls back.</summary>
    private int WarmUpStore(LineStoreTransaction tx, WorkOrderSpec spec, int units, string signature)
    {
        var count = (int)Math.Min(units, tx.PoolStatus(spec.Gtin).Remaining);
        ContainerRecord? box = null;
        for (var i = 0; i < count; i++)
        {
            var unit = tx.TakeSerial(spec.Id, -1 - i);
            tx.RecordPrinted(unit.Key);
            tx.RecordVerified(unit.Key, signature);
            box ??= tx.FindOpenContainer(spec.Id, ContainerKind.Case) ?? tx.OpenContainer(ContainerKind.Case, NextSscc(tx), spec.Id);
            if (box.ChildCount < spec.UnitsPerCase)
            {
                box = tx.PackUnit(unit.Key, box.Sscc);
            }
        }

        // The write-back the commit would do (serial documents and their indexes, the work order, the pool cursor).
        tx.Complete();
        return count;
    }

    /// <summary>Ends the warm-up's store change: the group committer rolls the change back and runs the rest of its group again.</summary>
    private sealed class WarmUpRolledBack : Exception
    {
        public WarmUpRolledBack()
            : base("warm-up: rolled back on purpose")
        {
        }
    }
}
