using System.Net;
using System.Net.Http.Json;
using Traceability.LineAgent.Central;
using Traceability.Testing;

namespace Traceability.EndToEnd.Tests.Central;

public sealed class CentralLinkTests
{
    [Fact]
    public async Task Events_written_to_the_store_reach_central_once_and_the_watermark_advances()
    {
        await using var h = new LineHarness();
        h.OpenStore();
        await h.StartWorkOrderAsync();
        h.StartLink();
        await h.MakeUnitsAsync(40);

        await h.AllAcknowledgedAsync();

        Assert.Equal(40, h.Store!.Outbox.AcknowledgedSequence);
        Assert.Equal(h.LineEvents(), h.CentralEvents());
        Assert.Equal(0, h.Link!.Status.OutboxPending);
        await Eventually.TrueAsync(() => h.Link.Status.State == CentralLinkState.Connected, () => $"link {h.Link.Status.State}");
        Assert.Empty(h.Link.Status.RejectedEvents);
    }

    [Fact]
    public async Task Events_made_while_central_is_down_arrive_once_and_in_order_when_it_is_back()
    {
        await using var h = new LineHarness();
        h.OpenStore();
        await h.StartWorkOrderAsync();
        h.StartLink();
        await h.MakeUnitsAsync(10);
        await h.AllAcknowledgedAsync();

        await h.StopCentralAsync();
        await h.MakeUnitsAsync(60);
        await Eventually.TrueAsync(() => h.Link!.Status.State == CentralLinkState.Disconnected, () => $"link {h.Link!.Status.State}, acknowledged {h.Store!.Outbox.AcknowledgedSequence}, log: {string.Join(" / ", h.Log.Entries.Select(e => e.Message))}");
        Assert.Equal(60, h.Link!.Status.OutboxPending);
        var attemptsWhileDown = h.Switch.StreamCalls;
        await Eventually.TrueAsync(() => h.Switch.StreamCalls > attemptsWhileDown + 2, () => "the link stopped retrying while central was down");

        h.StartCentral();
        await h.AllAcknowledgedAsync();

        var central = h.CentralEvents();
        Assert.Equal(h.LineEvents(), central);
        Assert.Equal(Enumerable.Range(1, 70).Select(i => (long)i), central.Select(e => e.Sequence));
        await Eventually.TrueAsync(() => h.Link!.Status.State == CentralLinkState.Connected, () => $"link {h.Link!.Status.State}");
    }

    [Fact]
    public async Task Events_central_stored_but_the_line_never_saw_acknowledged_are_sent_again_and_not_stored_twice()
    {
        await using var h = new LineHarness();
        h.OpenStore();
        await h.StartWorkOrderAsync();
        await h.MakeUnitsAsync(30);

        // Central stores 1..20 but the agent dies before the acknowledgement is on its disk.
        using (var channel = Grpc.Net.Client.GrpcChannel.ForAddress(
            "http://localhost", new Grpc.Net.Client.GrpcChannelOptions { HttpHandler = h.Switch, DisposeHttpClient = false }))
        using (var call = new Traceability.Contracts.Line.V1.LineSync.LineSyncClient(channel).StreamEvents(new Grpc.Core.Metadata { { "X-Api-Key", CentralServer.LineKey(LineHarness.LineId) } }))
        {
            var batch = new Traceability.Contracts.Line.V1.LineEventBatch { LineId = LineHarness.LineId };
            batch.Events.AddRange(h.Store!.Outbox.Read(1, 20).Select(e => e.ToEvent()));
            await call.RequestStream.WriteAsync(batch);
            Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
            Assert.Equal(20, call.ResponseStream.Current.HighestContiguousSequence);
            await call.RequestStream.CompleteAsync();
        }

        await h.StopLineAsync();
        Assert.Equal(20, h.CentralEvents().Count);

        h.OpenStore();
        Assert.Equal(0, h.Store!.Outbox.AcknowledgedSequence);
        h.StartLink();
        await h.AllAcknowledgedAsync();

        Assert.Equal(30, h.Store.Outbox.AcknowledgedSequence);
        Assert.Equal(h.LineEvents(), h.CentralEvents());
    }

    [Fact]
    public async Task An_agent_stopped_mid_stream_and_restarted_loses_nothing_and_doubles_nothing()
    {
        await using var h = new LineHarness();
        h.Options.BatchSize = 3;
        h.OpenStore();
        await h.StartWorkOrderAsync();
        var made = 0;
        for (var restart = 0; restart < 5; restart++)
        {
            h.StartLink();
            var acknowledgedBefore = h.Store!.Outbox.AcknowledgedSequence;
            var producing = h.MakeUnitsAsync(25);
            await Eventually.TrueAsync(
                () => h.Store.Outbox.AcknowledgedSequence > acknowledgedBefore,
                () => $"nothing acknowledged after restart {restart}: link {h.Link?.Status.State} {h.Link?.Status.LastError}");
            await producing;
            made += 25;
            await h.StopLineAsync();
            h.OpenStore();
        }

        h.StartLink();
        await h.AllAcknowledgedAsync();

        Assert.Equal(made, h.Store!.Outbox.AcknowledgedSequence);
        Assert.Equal(h.LineEvents(), h.CentralEvents());
    }

    [Fact]
    public async Task A_serial_request_lost_in_a_crash_is_sent_again_with_the_same_request_id_and_one_block_is_stored()
    {
        await using var h = new LineHarness();
        h.OpenStore();
        await h.Store!.CommitAsync(
            tx => tx.ReceiveWorkOrder(new LineAgent.Storage.WorkOrderSpec(LineHarness.WorkOrderId, LineHarness.Gtin, "L2611", "281130", 500, 4, 2)),
            CancellationToken.None);
        var link = h.CreateLink();

        h.Switch.LoseNextAllocationAnswer();
        Assert.False(await link.Pool.RefillAsync(CancellationToken.None));
        var open = await h.Store.CommitAsync(tx => tx.FindSerialRequest(LineHarness.Gtin), CancellationToken.None);
        Assert.NotNull(open);
        Assert.Equal([open.RequestId], h.Switch.AllocationRequestIds);
        Assert.Equal(0, h.Store.PoolStatus(LineHarness.Gtin).Received);

        await h.StopLineAsync();
        h.OpenStore();
        Assert.True(await h.CreateLink().Pool.RefillAsync(CancellationToken.None));

        Assert.Equal([open.RequestId, open.RequestId], h.Switch.AllocationRequestIds);
        var pool = h.Store.PoolStatus(LineHarness.Gtin);
        Assert.Equal(1, pool.Blocks);
        Assert.Equal(h.Options.PoolBlockSize, pool.Received);
        Assert.Null(await h.Store.CommitAsync(tx => tx.FindSerialRequest(LineHarness.Gtin), CancellationToken.None));

        // Enough serials now: no further request.
        Assert.True(await h.Link!.Pool.RefillAsync(CancellationToken.None));
        Assert.Equal(2, h.Switch.AllocationRequestIds.Count);
    }

    [Fact]
    public async Task Central_answers_a_repeated_request_id_with_the_same_block()
    {
        await using var h = new LineHarness();
        h.OpenStore();
        await h.Store!.CommitAsync(
            tx => tx.ReceiveWorkOrder(new LineAgent.Storage.WorkOrderSpec(LineHarness.WorkOrderId, LineHarness.Gtin, "L2611", "281130", 500, 4, 2)),
            CancellationToken.None);
        h.Switch.LoseNextAllocationAnswer();
        Assert.False(await h.CreateLink().Pool.RefillAsync(CancellationToken.None));
        Assert.True(await h.Link!.Pool.RefillAsync(CancellationToken.None));

        Assert.Equal(2, h.Switch.AllocationAnswers.Count);
        Assert.Equal(h.Switch.AllocationAnswers[0], h.Switch.AllocationAnswers[1]);
    }

    [Fact]
    public async Task Work_orders_planned_and_released_on_central_arrive_in_the_line_store_once()
    {
        await using var h = new LineHarness();
        h.OpenStore();
        using (var planner = h.PlannerClient())
        {
            foreach (var (id, line) in new[] { ("WO-7", "line-1"), ("WO-8", "line-1"), ("WO-9", "line-2") })
            {
                using var created = await planner.PostAsJsonAsync("/api/work-orders", new
                {
                    workOrderId = id, lineId = line, gtin = LineHarness.Gtin.Value, lot = "L2611", expiry = "281130",
                    quantity = 500, unitsPerCase = 10, casesPerPallet = 4, model = "W1",
                });
                Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            }

            // WO-8 stays planned: only released work orders go to the line.
            (await planner.PostAsync(new Uri("/api/work-orders/WO-7/release", UriKind.Relative), null)).Dispose();
            (await planner.PostAsync(new Uri("/api/work-orders/WO-9/release", UriKind.Relative), null)).Dispose();
        }

        Assert.Equal(1, await h.CreateLink().WorkOrders.DownloadAsync(CancellationToken.None));
        Assert.Equal(0, await h.Link!.WorkOrders.DownloadAsync(CancellationToken.None)); // nothing new the second time

        var order = Assert.Single(h.Store!.WorkOrders());
        Assert.Equal(("WO-7", "L2611", "281130", 500L, 10, 4), (order.Id, order.Spec.Lot, order.Spec.Expiry, order.Spec.Quantity, order.Spec.UnitsPerCase, order.Spec.CasesPerPallet));

        await h.StopLineAsync();
        h.Options.ApiKey = "not-a-key-of-anyone-0123456789";
        h.OpenStore();
        Assert.Null(await h.CreateLink().WorkOrders.DownloadAsync(CancellationToken.None));
    }

    [Theory]
    [InlineData("not-a-key-of-anyone-0123456789", "Unauthenticated")]
    [InlineData("line-key-line-2-0123456789", "PermissionDenied")]
    public async Task A_wrong_api_key_shows_as_a_refused_link_logged_once_while_it_retries(string key, string status)
    {
        await using var h = new LineHarness();
        h.Options.ApiKey = key;
        h.Options.ReconnectMaxDelay = TimeSpan.FromMilliseconds(50);
        h.OpenStore();
        await h.Store!.CommitAsync(
            tx => tx.ReceiveWorkOrder(new LineAgent.Storage.WorkOrderSpec(LineHarness.WorkOrderId, LineHarness.Gtin, "L2611", "281130", 500, 4, 2)),
            CancellationToken.None);
        h.StartLink();

        await Eventually.TrueAsync(() => h.Link!.Status.State == CentralLinkState.Refused, () => $"link {h.Link!.Status.State} {h.Link.Status.LastError}");
        var attempts = h.Switch.StreamCalls;
        await Eventually.TrueAsync(() => h.Switch.StreamCalls >= attempts + 3, () => "the link stopped retrying");

        Assert.Equal(CentralLinkState.Refused, h.Link!.Status.State);
        Assert.StartsWith(status, h.Link.Status.LastError, StringComparison.Ordinal);
        Assert.Equal(1, h.Log.Count(7003));
        Assert.Contains(h.Log.Entries, e => e.Id.Id == 7003 && e.Message.Contains("Central:ApiKey", StringComparison.Ordinal));
    }
}
