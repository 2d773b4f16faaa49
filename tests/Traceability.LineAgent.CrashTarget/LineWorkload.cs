using System.Globalization;
using Traceability.Core.Gs1;
using Traceability.Core.Serials;
using Traceability.LineAgent.Storage;

namespace Traceability.LineAgent.CrashTarget;

/// <summary>
/// A packing line's use of the store, as the pipeline will use it: take serial → printed → verified or rejected →
/// packed into a case → case closed with its SSCC → cases onto pallets; now and then a reprint, a decommission or
/// an operator's note. Every fact is reported through <c>acknowledge</c> only after the change that made it is
/// durable, as one line <c>kind args… .</c> (the final dot marks a complete line). The crash and power-loss tests
/// check each acknowledged fact after the restart.
/// </summary>
/// <remarks>Compiled into the crash target and, linked, into the tests (the in-process power-loss test).</remarks>
internal sealed class LineWorkload(LineStore store, Action<string> acknowledge, int seed, bool acknowledgeBeforeCommit = false)
{
    public const string WorkOrderId = "WO-CRASH";
    public const int UnitsPerCase = 5;
    public const int CasesPerPallet = 3;
    public static readonly Gtin Gtin = Gtin.Parse("09506000134352");
    private static readonly OperatorAction Operator = new("op-crash", "crash test");
    private readonly Random _random = new(seed);
    private readonly Lock _randomLock = new();
    private long _plcSequence = seed * 10_000_000L;

    /// <summary>The work order, running, with at least 3,000 serials in the pool.</summary>
    public Task SetUpAsync(CancellationToken cancellationToken) => store.CommitAsync(tx =>
    {
        if (tx.FindWorkOrder(WorkOrderId) is null)
        {
            tx.ReceiveWorkOrder(new WorkOrderSpec(WorkOrderId, Gtin, "LOT-K9", "291231", 10_000_000, UnitsPerCase, CasesPerPallet));
        }

        var pool = tx.PoolStatus(Gtin);
        if (pool.Remaining < 3_000)
        {
            var blockId = "C" + (pool.Blocks + 1).ToString("D3", CultureInfo.InvariantCulture);
            tx.ReceiveSerialBlock(new SerialBlock(Gtin, blockId, [.. Enumerable.Range(0, 3_000)
                .Select(i => Serial.Parse(blockId + i.ToString("D6", CultureInfo.InvariantCulture)))]));
        }

        if (tx.FindWorkOrder(WorkOrderId)!.State != WorkOrderState.Running)
        {
            tx.StartWorkOrder(WorkOrderId, Operator);
        }
    }, cancellationToken);

    /// <summary>After a restart: units that had no verdict are rejected (the PLC rejects them anyway).</summary>
    public Task RecoverAsync(CancellationToken cancellationToken) => CommitAsync(
        tx => tx.RejectUnitsAwaitingVerdict("no verdict: agent restarted"),
        rejected => rejected.Select(k => Line("state", k.Id, "LabelScrapped")),
        cancellationToken);

    /// <summary>Runs <paramref name="workers"/> units at a time until cancelled or the store faults.</summary>
    public Task RunAsync(int workers, CancellationToken cancellationToken) =>
        Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Run(() => WorkerAsync(cancellationToken), cancellationToken)));

    private async Task WorkerAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var plc = Interlocked.Increment(ref _plcSequence);
            var unit = await CommitAsync(tx => tx.TakeSerial(WorkOrderId, plc), u => [Line("state", u.Key.Id, "Allocated")], cancellationToken);
            var key = unit.Key;
            await CommitAsync(tx => tx.RecordPrinted(key), _ => [Line("state", key.Id, "Encoded")], cancellationToken);
            var dice = Next(100);
            if (dice < 8)
            {
                await CommitAsync(tx => tx.RecordRejected(key, "no-read"), _ => [Line("state", key.Id, "LabelScrapped")], cancellationToken);
                continue;
            }

            await CommitAsync(tx => VerifyAndPack(tx, key), p => p, cancellationToken);
            if (dice >= 96)
            {
                await CommitAsync(tx => tx.RecordReprint(key, Operator), u => [Line("reprint", key.Id, u.ReprintCount.ToString(CultureInfo.InvariantCulture))], cancellationToken);
            }
            else if (dice >= 93)
            {
                await CommitAsync(tx => DecommissionIfLoose(tx, key), d => d ? [Line("state", key.Id, "Inactive")] : [], cancellationToken);
            }
            else if (dice >= 90)
            {
                await CommitAsync(
                    tx => tx.RecordManualAction(Operator, "line.check", key.Id),
                    a => [Line("audit", a.Sequence.ToString(CultureInfo.InvariantCulture), a.Hash)],
                    cancellationToken);
            }
        }
    }

    /// <summary>Verifies the unit and packs it into the open case; a full case is closed and put on the open pallet.</summary>
    private static List<string> VerifyAndPack(LineStoreTransaction tx, UnitKey key)
    {
        var acks = new List<string>();
        tx.RecordVerified(key);
        acks.Add(Line("state", key.Id, "Commissioned"));
        var box = tx.FindOpenContainer(WorkOrderId, ContainerKind.Case) ?? tx.OpenContainer(ContainerKind.Case, NextSscc(tx), WorkOrderId);
        box = tx.PackUnit(key, box.Sscc);
        acks.Add(Line("packed", key.Id, box.Sscc.Value));
        if (box.ChildCount < UnitsPerCase)
        {
            return acks;
        }

        tx.CloseContainer(box.Sscc);
        acks.Add(Line("closed", box.Sscc.Value));
        var pallet = tx.FindOpenContainer(WorkOrderId, ContainerKind.Pallet) ?? tx.OpenContainer(ContainerKind.Pallet, NextSscc(tx), WorkOrderId);
        pallet = tx.PackCase(box.Sscc, pallet.Sscc);
        if (pallet.ChildCount == CasesPerPallet)
        {
            tx.CloseContainer(pallet.Sscc);
            acks.Add(Line("closed", pallet.Sscc.Value));
        }

        return acks;
    }

    /// <summary>Decommissions the unit if its case is still open (a unit in a closed case needs a disaggregation first).</summary>
    private static bool DecommissionIfLoose(LineStoreTransaction tx, UnitKey key)
    {
        var unit = tx.FindUnit(key)!;
        if (unit.CaseSscc is { } caseSscc && tx.FindContainer(caseSscc)!.State == ContainerState.Closed)
        {
            return false;
        }

        tx.DecommissionUnit(key, DecommissionKind.Inactive, Operator);
        return true;
    }

    private static Sscc NextSscc(LineStoreTransaction tx) => Sscc.Create(0, "9506000", tx.NextSequence("sscc"));

    private async Task<T> CommitAsync<T>(Func<LineStoreTransaction, T> change, Func<T, IEnumerable<string>> acks, CancellationToken cancellationToken)
    {
        if (acknowledgeBeforeCommit)
        {
            // The fault the crash test must catch: saying "done" before the change is on disk.
            return await store.CommitAsync(tx =>
            {
                var result = change(tx);
                foreach (var line in acks(result))
                {
                    acknowledge(line);
                }

                Thread.Sleep(2);
                return result;
            }, cancellationToken);
        }

        var done = await store.CommitAsync(change, cancellationToken);
        foreach (var line in acks(done))
        {
            acknowledge(line);
        }

        acknowledge(Line("outbox", store.Outbox.DurableSequence.ToString(CultureInfo.InvariantCulture)));
        return done;
    }

    private int Next(int maxValue)
    {
        lock (_randomLock)
        {
            return _random.Next(maxValue);
        }
    }

    private static string Line(params string[] parts) => string.Join(' ', parts) + " .";
}
