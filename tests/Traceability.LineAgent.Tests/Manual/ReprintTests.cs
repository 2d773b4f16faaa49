using Traceability.Contracts.Line.V1;
using Traceability.Core.Lifecycle;
using Traceability.LineAgent.Manual;
using Traceability.LineAgent.Storage;
using static Traceability.LineAgent.Tests.Manual.ManualLine;

namespace Traceability.LineAgent.Tests.Manual;

public sealed class ReprintTests : IAsyncLifetime
{
    private static readonly OperatorAction Operator = new("op-3", "label smudged");
    private ManualLine _line = null!;

    public async Task InitializeAsync() => _line = await StartAsync();

    public Task DisposeAsync()
    {
        _line.Dispose();
        return Task.CompletedTask;
    }

    [Theory]
    [InlineData(SerialState.Encoded)]
    [InlineData(SerialState.LabelScrapped)]
    public async Task A_label_without_a_good_verdict_is_reprinted_by_an_operator_with_the_same_serial_and_counted(SerialState state)
    {
        var unit = state == SerialState.Encoded ? await _line.AwaitingVerdictAsync(1) : await _line.RejectedAsync(1);
        var before = _line.AssertReconciled();

        var first = await _line.Work.ReprintAsync(unit.Key, Operator, ManualRole.Operator, CancellationToken.None);
        Assert.Contains("/21/" + unit.Key.Serial.Value, _line.PrintedCode(), StringComparison.Ordinal);
        var second = await _line.Work.ReprintAsync(unit.Key, Operator, ManualRole.Operator, CancellationToken.None);
        Assert.Contains("/21/" + unit.Key.Serial.Value, _line.PrintedCode(), StringComparison.Ordinal);

        Assert.Equal((ReprintKind.Reprinted, 1, 2), (first.Kind, first.Unit.ReprintCount, second.Unit.ReprintCount));
        Assert.Null(second.NewUnit);
        var stored = _line.Store.FindUnit(unit.Key)!;
        Assert.Equal((state, 2), (stored.State, stored.ReprintCount));
        var reprints = _line.Events().Where(e => e.BodyCase == LineEvent.BodyOneofCase.LabelReprinted).Select(e => e.LabelReprinted).ToList();
        Assert.Equal(2, reprints.Count);
        Assert.All(reprints, r => Assert.Equal((unit.Key.Serial.Value, false, "op-3", "label smudged"), (r.Item.Unit.Serial, r.Reissued, r.OperatorId, r.Reason)));
        Assert.Equal(["unit.reprint", "unit.reprint"], _line.Store.ReadAudit(1, 100).Skip(1).Select(a => a.Action));

        // Nothing is issued or verified by a reprint: the counts are the same and still balance.
        Assert.Equal(before, _line.AssertReconciled());
    }

    [Fact]
    public async Task A_verified_unit_is_not_reprinted_by_an_operator()
    {
        var unit = await _line.VerifiedAsync(1);
        var events = _line.Events().Count;

        await Assert.ThrowsAsync<EngineerRequiredException>(() => _line.Work.ReprintAsync(unit.Key, Operator, ManualRole.Operator, CancellationToken.None));

        Assert.True(_line.PrintedNothing());
        Assert.Equal(events, _line.Events().Count);
        Assert.Equal((SerialState.Commissioned, 0), (_line.Store.FindUnit(unit.Key)!.State, _line.Store.FindUnit(unit.Key)!.ReprintCount));
    }

    [Fact]
    public async Task Under_the_reprint_policy_an_engineer_reprints_a_verified_unit_up_to_the_limit()
    {
        using var line = await StartAsync(new ReprintOptions { VerifiedUnitPolicy = VerifiedUnitPolicy.Reprint, MaxReprintsPerUnit = 2 });
        var unit = await line.VerifiedAsync(1);

        for (var i = 1; i <= 2; i++)
        {
            var outcome = await line.Work.ReprintAsync(unit.Key, Engineer, ManualRole.Engineer, CancellationToken.None);
            Assert.Equal((ReprintKind.Reprinted, i, SerialState.Commissioned), (outcome.Kind, outcome.Unit.ReprintCount, outcome.Unit.State));
            Assert.Contains("/21/" + unit.Key.Serial.Value, line.PrintedCode(), StringComparison.Ordinal);
        }

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => line.Work.ReprintAsync(unit.Key, Engineer, ManualRole.Engineer, CancellationToken.None));
        Assert.Contains("limit per unit is 2", refused.Message, StringComparison.Ordinal);
        Assert.True(line.PrintedNothing());
        Assert.Equal(2, line.Store.FindUnit(unit.Key)!.ReprintCount);
        Assert.Equal(2, line.Events().Count(e => e.BodyCase == LineEvent.BodyOneofCase.LabelReprinted));
        line.AssertReconciled();
    }

    [Fact]
    public async Task Reprints_before_the_verdict_count_towards_the_limit_of_a_verified_unit()
    {
        using var line = await StartAsync(new ReprintOptions { VerifiedUnitPolicy = VerifiedUnitPolicy.Reprint, MaxReprintsPerUnit = 1 });
        var unit = await line.AwaitingVerdictAsync(1);
        await line.Work.ReprintAsync(unit.Key, Operator, ManualRole.Operator, CancellationToken.None);
        await line.Store.CommitAsync(tx => tx.RecordVerified(unit.Key), CancellationToken.None);

        await Assert.ThrowsAsync<InvalidOperationException>(() => line.Work.ReprintAsync(unit.Key, Engineer, ManualRole.Engineer, CancellationToken.None));
    }

    [Fact]
    public async Task A_reprint_the_printer_refuses_is_recorded_and_reported()
    {
        var unit = await _line.RejectedAsync(1);
        _line.Printer.RibbonOut = true;

        var failed = await Assert.ThrowsAsync<ManualPrintFailedException>(() => _line.Work.ReprintAsync(unit.Key, Operator, ManualRole.Operator, CancellationToken.None));

        Assert.Equal(unit.Key, failed.Outcome!.Printed.Key);
        Assert.Contains("ribbon out", failed.Message, StringComparison.Ordinal);
        Assert.Equal(1, _line.Store.FindUnit(unit.Key)!.ReprintCount);
    }

    [Fact]
    public async Task An_unknown_unit_is_named()
    {
        var e = await Assert.ThrowsAsync<KeyNotFoundException>(() =>
            _line.Work.ReprintAsync(Storage.StoreBuilders.Key("NOPE1"), Operator, ManualRole.Engineer, CancellationToken.None));
        Assert.Contains("NOPE1", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_reprint_queue_lists_rejected_and_unverified_labels_newest_first()
    {
        var rejected = await _line.RejectedAsync(1);
        await _line.VerifiedAsync(2);
        var waiting = await _line.AwaitingVerdictAsync(3);

        Assert.Equal([waiting.Key, rejected.Key], _line.Work.ReprintQueue(10).Select(u => u.Key));
        Assert.Equal([waiting.Key], _line.Work.ReprintQueue(1).Select(u => u.Key));
    }
}
