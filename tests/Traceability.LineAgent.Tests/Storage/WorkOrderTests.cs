using Traceability.Contracts.Line.V1;
using Traceability.LineAgent.Storage;
using static Traceability.LineAgent.Tests.Storage.StoreBuilders;

namespace Traceability.LineAgent.Tests.Storage;

public sealed class WorkOrderTests : IDisposable
{
    private readonly TestStore _store = new();

    [Fact]
    public async Task A_work_order_received_again_unchanged_is_no_change()
    {
        var spec = new WorkOrderBuilder().Build();
        Assert.True(await _store.Commit(tx => tx.ReceiveWorkOrder(spec)));

        Assert.False(await _store.Commit(tx => tx.ReceiveWorkOrder(spec)));

        Assert.Equal(WorkOrderState.Planned, _store.Store.FindWorkOrder(spec.Id)!.State);
    }

    [Fact]
    public async Task A_started_work_order_is_not_changed_by_central()
    {
        var wo = await _store.RunningWorkOrderAsync();

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => _store.Commit(tx => tx.ReceiveWorkOrder(new WorkOrderBuilder { Lot = "OTHER" }.Build())));

        Assert.Contains("is Running", e.Message, StringComparison.Ordinal);
        Assert.Equal("L2611", _store.Store.FindWorkOrder(wo)!.Spec.Lot);
    }

    [Theory]
    [InlineData("Lot", "lot \"\" must be 1 to 20 characters")]
    [InlineData("Expiry", "expiry \"281340\" is not a date YYMMDD")]
    [InlineData("UnitsPerCase", "units per case 0 must be at least 1")]
    public async Task An_invalid_work_order_is_refused_naming_the_field(string field, string message)
    {
        var order = field switch
        {
            "Lot" => new WorkOrderBuilder { Lot = "" },
            "Expiry" => new WorkOrderBuilder { Expiry = "281340" },
            _ => new WorkOrderBuilder { UnitsPerCase = 0 },
        };

        var e = await Assert.ThrowsAsync<ArgumentException>(() => _store.Commit(tx => tx.ReceiveWorkOrder(order.Build())));

        Assert.Equal(field, e.ParamName);
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_expiry_with_day_00_is_a_month_end_date_and_accepted()
    {
        Assert.True(await _store.Commit(tx => tx.ReceiveWorkOrder(new WorkOrderBuilder { Expiry = "281100" }.Build())));
    }

    [Fact]
    public async Task Only_one_work_order_runs_at_a_time()
    {
        await _store.RunningWorkOrderAsync();
        await _store.Commit(tx => tx.ReceiveWorkOrder(new WorkOrderBuilder { Id = "WO-2" }.Build()));

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => _store.Commit(tx => tx.StartWorkOrder("WO-2", Operator)));
        Assert.Contains("'WO-1' is running", e.Message, StringComparison.Ordinal);

        await _store.Commit(tx =>
        {
            tx.PauseWorkOrder("WO-1", Operator);
            tx.StartWorkOrder("WO-2", Operator);
        });
        Assert.Equal(WorkOrderState.Running, _store.Store.FindWorkOrder("WO-2")!.State);
    }

    [Fact]
    public async Task Two_starts_in_one_group_are_refused_like_two_in_a_row()
    {
        await _store.Commit(tx =>
        {
            tx.ReceiveWorkOrder(new WorkOrderBuilder().Build());
            tx.ReceiveWorkOrder(new WorkOrderBuilder { Id = "WO-2" }.Build());
        });

        var first = _store.Commit(tx => tx.StartWorkOrder("WO-1", Operator));
        var second = _store.Commit(tx => tx.StartWorkOrder("WO-2", Operator));

        await first;
        await Assert.ThrowsAsync<InvalidOperationException>(() => second);
        Assert.Equal(WorkOrderState.Planned, _store.Store.FindWorkOrder("WO-2")!.State);
    }

    [Fact]
    public async Task Closing_refuses_while_units_await_a_verdict()
    {
        var wo = await _store.RunningWorkOrderAsync();
        await _store.Commit(tx => tx.TakeSerial(wo, 1));

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => _store.Commit(tx => tx.CloseWorkOrder(wo, Operator)));

        Assert.Contains("1 units still await a verdict", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Closing_refuses_while_a_case_is_open()
    {
        var wo = await _store.RunningWorkOrderAsync();
        await _store.Commit(tx => tx.OpenContainer(ContainerKind.Case, Sscc(1), wo));

        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => _store.Commit(tx => tx.CloseWorkOrder(wo, Operator)));

        Assert.Contains($"Case {Sscc(1)} still open", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Closing_writes_the_reconciliation_and_is_audited()
    {
        var wo = await _store.RunningWorkOrderAsync();
        var a = await _store.VerifiedUnitAsync(wo, 1);
        await _store.VerifiedUnitAsync(wo, 2);
        await _store.Commit(tx => tx.RecordRejected(tx.TakeSerial(wo, 3).Key, "misread"));
        await _store.Commit(tx => tx.SampleUnit(a.Key, Operator));

        var closed = await _store.Commit(tx => tx.CloseWorkOrder(wo, new OperatorAction("sup-1", "batch done")));

        Assert.Equal(WorkOrderState.Closed, closed.State);
        var e = _store.Store.Outbox.ReadPending(100)[^1].ToEvent().WorkOrderClosed;
        Assert.Equal((3L, 3L, 0L, 2L, 1L, 0L, 1L, 0L), (e.Issued, e.Printed, e.Unused, e.Verified, e.Rejected, e.Packed, e.Samples, e.Decommissioned));
        Assert.Equal(("sup-1", "workorder.close", wo), (_store.Store.ReadAudit(1, 100)[^1].OperatorId, _store.Store.ReadAudit(1, 100)[^1].Action, _store.Store.ReadAudit(1, 100)[^1].Subject));
    }

    public void Dispose() => _store.Dispose();
}
