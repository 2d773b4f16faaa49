using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Traceability.Contracts.Line.V1;
using Traceability.LineAgent.Storage;
using Traceability.Testing;

namespace Traceability.LineAgent.Host.Tests.Api;

public sealed class WorkOrderApiTests : IAsyncLifetime
{
    private ApiLine _line = null!;

    public async Task InitializeAsync() => _line = await ApiLine.StartAsync();

    public async Task DisposeAsync() => await _line.DisposeAsync();

    [Fact]
    public async Task The_list_and_one_order_show_state_counts_and_reconciliation()
    {
        using var client = _line.Client();
        var list = await client.GetFromJsonAsync<JsonElement>("/api/work-orders");
        var order = Assert.Single(list.EnumerateArray());
        Assert.Equal(("WO-1", "Planned", "2028-11-30"), (order.GetProperty("id").GetString(), order.GetProperty("state").GetString(), order.GetProperty("expiry").GetString()));
        Assert.Equal(0, order.GetProperty("counts").GetProperty("issued").GetInt64());

        var one = await client.GetFromJsonAsync<JsonElement>("/api/work-orders/WO-1");
        var reconciliation = one.GetProperty("reconciliation");
        Assert.True(reconciliation.GetProperty("balanced").GetBoolean());
        Assert.Equal(3, reconciliation.GetProperty("equations").GetArrayLength());

        var missing = await client.GetAsync(new Uri("/api/work-orders/WO-404", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Creating_an_order_needs_the_engineer_pin_and_a_wrong_pin_is_audited()
    {
        var body = new { id = "WO-NEW", gtin = "09506000134352", lot = "L7", expiry = "2029-02-28", quantity = 5, operatorId = "eng-1", reason = "central down" };
        using (var noPin = _line.Client())
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await noPin.PostAsJsonAsync("/api/work-orders", body)).StatusCode);
        }

        using (var wrong = _line.Client("0000"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await wrong.PostAsJsonAsync("/api/work-orders", body)).StatusCode);
        }

        Assert.Null(_line.Store.FindWorkOrder("WO-NEW"));
        var refused = Assert.Single(_line.Store.ReadAudit(1, 100));
        Assert.Equal(("eng-1", "workorder.create.refused", "WO-NEW"), (refused.OperatorId, refused.Action, refused.Subject));

        using var client = _line.Client(ApiLine.Pin);
        var created = await client.PostAsJsonAsync("/api/work-orders", body);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var stored = _line.Store.FindWorkOrder("WO-NEW");
        Assert.NotNull(stored);
        Assert.Equal((WorkOrderState.Planned, "290228", "L7", 5L), (stored.State, stored.Spec.Expiry, stored.Spec.Lot, stored.Spec.Quantity));
        var audit = _line.Store.ReadAudit(1, 100)[^1];
        Assert.Equal(("eng-1", "workorder.create", "central down"), (audit.OperatorId, audit.Action, audit.Reason));

        var again = await client.PostAsJsonAsync("/api/work-orders", body);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
    }

    [Theory]
    [InlineData("09506000134353", "L1", "2029-01-31", 5, "gtin")]
    [InlineData("09506000134352", "", "2029-01-31", 5, "lot")]
    [InlineData("09506000134352", "L1", "31.01.2029", 5, "expiry")]
    [InlineData("09506000134352", "L1", "2029-02-30", 5, "expiry")]
    [InlineData("09506000134352", "L1", "2029-01-31", 0, "quantity")]
    public async Task A_bad_field_is_a_400_naming_it_and_nothing_is_stored(string gtin, string lot, string expiry, int quantity, string field)
    {
        using var client = _line.Client(ApiLine.Pin);
        var response = await client.PostAsJsonAsync("/api/work-orders", new { id = "WO-BAD", gtin, lot, expiry, quantity, operatorId = "eng-1" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.Null(_line.Store.FindWorkOrder("WO-BAD"));
    }

    [Fact]
    public async Task An_order_created_without_an_id_gets_one_from_the_line()
    {
        using var client = _line.Client(ApiLine.Pin);
        var response = await client.PostAsJsonAsync("/api/work-orders", new { gtin = "09506000134352", lot = "L8", expiry = "2029-03-31", quantity = 3, operatorId = "eng-1" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("workOrder").GetProperty("id").GetString()!;
        Assert.StartsWith("line-1-", id, StringComparison.Ordinal);
        Assert.NotNull(_line.Store.FindWorkOrder(id));
    }

    [Fact]
    public async Task Start_after_pause_runs_a_new_pipeline_that_completes_the_order_with_nothing_lost_or_doubled()
    {
        using var client = _line.Client(ApiLine.Pin);
        await PostOkAsync(client, "/api/work-orders/WO-1/start", new { operatorId = "op-1", reason = "shift start" });
        var first = _line.Runtime.Pipeline!;
        await RunUnitsAsync(5);
        await PostOkAsync(client, "/api/work-orders/WO-1/pause", new { operatorId = "op-1", reason = "break" });
        Assert.Null(_line.Runtime.Pipeline);
        Assert.Equal(WorkOrderState.Paused, _line.Store.FindWorkOrder("WO-1")!.State);
        Assert.Equal(5, _line.Store.FindWorkOrder("WO-1")!.Counts.Issued);

        await PostOkAsync(client, "/api/work-orders/WO-1/start", new { operatorId = "op-1", reason = "after break" });
        Assert.NotSame(first, _line.Runtime.Pipeline);
        await RunUnitsAsync(7);
        // Two triggers beyond the quantity get no serial: the new pipeline knows the 5 issued before the pause.
        _line.Plc.Trigger();
        _line.Plc.Trigger();
        await Eventually.TrueAsync(() => _line.Plc.Verdicts.Count == 14, () => $"{_line.Plc.Verdicts.Count} of 14 verdicts");

        var closed = await PostOkAsync(client, "/api/work-orders/WO-1/close", new { operatorId = "eng-1", reason = "batch done" });
        Assert.Equal("Closed", closed.GetProperty("workOrder").GetProperty("state").GetString());
        var order = _line.Store.FindWorkOrder("WO-1")!;
        var c = order.Counts;
        Assert.Equal((12L, 0L, 12L, 12L, 0L, 12L, 0L), (c.Issued, c.Unused, c.Printed, c.Verified, c.Rejected, c.Packed, c.Loose));
        Assert.Equal(c, _line.Store.CountFromData("WO-1"));
        var units = _line.Store.UnitsOf("WO-1");
        Assert.Equal(12, units.Select(u => u.Key).Distinct().Count());
        Assert.Equal(12, units.Select(u => u.PlcSequence).Distinct().Count());
        var containers = _line.Store.ContainersOf("WO-1");
        Assert.Equal((3, 2), (containers.Count(x => x.Kind == ContainerKind.Case), containers.Count(x => x.Kind == ContainerKind.Pallet)));
        Assert.All(containers, x => Assert.Equal(ContainerState.Closed, x.State));
        var events = _line.Store.Outbox.EventsOf("WO-1").Select(e => e.ToEvent()).ToList();
        var commissioned = events.Where(e => e.BodyCase == LineEvent.BodyOneofCase.UnitCommissioned).Select(e => e.UnitCommissioned.Unit.Serial).ToList();
        Assert.Equal(12, commissioned.Count);
        Assert.Equal(12, commissioned.Distinct().Count());
        Assert.Equal(5, events.Count(e => e.BodyCase == LineEvent.BodyOneofCase.Aggregated));
        Assert.Single(events, e => e.BodyCase == LineEvent.BodyOneofCase.WorkOrderClosed);
    }

    [Fact]
    public async Task A_close_that_does_not_reconcile_is_a_409_listing_the_units_without_a_verdict()
    {
        await _line.Store.CommitAsync(tx =>
        {
            tx.StartWorkOrder("WO-1", new OperatorAction("op-1", "test"));
            var unit = tx.TakeSerial("WO-1", 1);
            tx.RecordPrinted(unit.Key);
            tx.TakeSerial("WO-1", 2);
            tx.PauseWorkOrder("WO-1", new OperatorAction("op-1", "test"));
        }, CancellationToken.None);
        using var client = _line.Client(ApiLine.Pin);
        var response = await client.PostAsJsonAsync("/api/work-orders/WO-1/close", new { operatorId = "eng-1", reason = "end" });
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var units = problem.GetProperty("units").EnumerateArray().Select(u => (u.GetProperty("plcSequence").GetInt64(), u.GetProperty("state").GetString())).ToList();
        Assert.Equal([(1L, "Encoded"), (2L, "Allocated")], units);
        Assert.Equal(WorkOrderState.Paused, _line.Store.FindWorkOrder("WO-1")!.State);
    }

    [Fact]
    public async Task Close_without_the_pin_or_a_reason_is_refused_and_start_names_its_operator()
    {
        using var noPin = _line.Client();
        Assert.Equal(HttpStatusCode.Forbidden, (await noPin.PostAsJsonAsync("/api/work-orders/WO-1/close", new { operatorId = "eng-1", reason = "x" })).StatusCode);
        using var client = _line.Client(ApiLine.Pin);
        var noReason = await client.PostAsJsonAsync("/api/work-orders/WO-1/close", new { operatorId = "eng-1" });
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        var noOperator = await client.PostAsJsonAsync("/api/work-orders/WO-1/start", new { reason = "x" });
        Assert.Equal(HttpStatusCode.BadRequest, noOperator.StatusCode);
        Assert.True((await noOperator.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("operatorId", out _));
        Assert.Equal(WorkOrderState.Planned, _line.Store.FindWorkOrder("WO-1")!.State);
    }

    internal static async Task<JsonElement> PostOkAsync(HttpClient client, string path, object body)
    {
        var response = await client.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private async Task RunUnitsAsync(int count)
    {
        var before = _line.Plc.Verdicts.Count;
        for (var i = 0; i < count; i++)
        {
            _line.Plc.Trigger();
        }

        await Eventually.TrueAsync(() => _line.Plc.Verdicts.Count == before + count, () => $"{_line.Plc.Verdicts.Count - before} of {count} verdicts");
    }
}
