using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Traceability.LineAgent.Storage;

namespace Traceability.LineAgent.Host.Tests.Hmi;

public sealed class HmiHttpTests : HmiLineTests
{
    [Fact]
    public async Task State_shows_the_running_work_order_its_counts_case_rejects_and_reconciliation()
    {
        var state = await GetStateAsync();

        Assert.Equal("line-1", state.GetProperty("lineId").GetString());
        Assert.Equal("NotRunning", state.GetProperty("line").GetString());
        Assert.Equal("WO-1", state.GetProperty("current").GetString());
        var counts = state.GetProperty("counts");
        Assert.Equal(4, counts.GetProperty("issued").GetInt64());
        Assert.Equal(4, counts.GetProperty("printed").GetInt64());
        Assert.Equal(3, counts.GetProperty("verified").GetInt64());
        Assert.Equal(1, counts.GetProperty("rejected").GetInt64());
        Assert.Equal(3, counts.GetProperty("packed").GetInt64());
        Assert.Equal(20, counts.GetProperty("quantity").GetInt64());
        Assert.Equal(3, state.GetProperty("case").GetProperty("count").GetInt32());
        Assert.Equal(4, state.GetProperty("case").GetProperty("capacity").GetInt32());
        Assert.Equal(JsonValueKind.Null, state.GetProperty("pallet").ValueKind);
        var reject = Assert.Single(state.GetProperty("rejectsByReason").EnumerateArray());
        Assert.Equal("no-read", reject.GetProperty("reason").GetString());
        Assert.Equal(1, reject.GetProperty("count").GetInt64());
        var reprint = Assert.Single(state.GetProperty("reprintQueue").EnumerateArray());
        Assert.Equal("rejected", reprint.GetProperty("state").GetString());
        Assert.True(state.GetProperty("reconciliation").GetProperty("balanced").GetBoolean());
        Assert.Contains(
            state.GetProperty("reconciliation").GetProperty("equations").EnumerateArray(),
            e => e.GetProperty("text").GetString() == "printed 4 = verified 3 + rejected 1 + awaiting verdict 0");
        var orders = state.GetProperty("workOrders").EnumerateArray().ToDictionary(o => o.GetProperty("id").GetString()!);
        Assert.True(orders["WO-1"].GetProperty("canPause").GetBoolean());
        Assert.False(orders["WO-1"].GetProperty("canStart").GetBoolean());
        Assert.True(orders["WO-0"].GetProperty("canStart").GetBoolean());
        Assert.All(state.GetProperty("devices").EnumerateArray(), d => Assert.Equal("NotConfigured", d.GetProperty("state").GetString()));
    }

    [Fact]
    public async Task A_unit_awaiting_its_verdict_shows_in_the_reprint_queue_and_in_the_printed_equation()
    {
        await Line.Store.CommitAsync(tx => tx.RecordPrinted(tx.TakeSerial("WO-1", 99).Key), CancellationToken.None);

        var state = await GetStateAsync();

        Assert.Contains(state.GetProperty("reprintQueue").EnumerateArray(), r => r.GetProperty("state").GetString() == "unverified" && r.GetProperty("sequence").GetInt64() == 99);
        Assert.Contains(
            state.GetProperty("reconciliation").GetProperty("equations").EnumerateArray(),
            e => e.GetProperty("text").GetString() == "printed 5 = verified 3 + rejected 1 + awaiting verdict 1");
    }

    [Fact]
    public async Task Events_push_a_new_snapshot_after_the_store_changes()
    {
        using var response = await Client.GetAsync("/hmi/events", HttpCompletionOption.ResponseHeadersRead, CancellationToken.None);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(CancellationToken.None));

        var first = await NextSnapshotAsync(reader);
        Assert.Equal(3, first.GetProperty("counts").GetProperty("verified").GetInt64());

        await Line.VerifyUnitAsync();

        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        JsonElement snapshot;
        do
        {
            snapshot = await NextSnapshotAsync(reader, deadline.Token);
        }
        while (snapshot.GetProperty("counts").GetProperty("verified").GetInt64() != 4);

        Assert.Equal(1, snapshot.GetProperty("counts").GetProperty("loose").GetInt64());
    }

    [Fact]
    public async Task Pause_by_an_operator_pauses_the_work_order_and_is_audited()
    {
        using var response = await Client.PostAsJsonAsync("/hmi/work-orders/WO-1/pause", new { @operator = "op-3" }, CancellationToken.None);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(WorkOrderState.Paused, Line.Store.FindWorkOrder("WO-1")!.State);
        var audit = Line.Store.ReadAudit(1, 100)[^1];
        Assert.Equal(("op-3", "workorder.pause", "WO-1"), (audit.OperatorId, audit.Action, audit.Subject));
    }

    [Fact]
    public async Task Start_of_a_second_order_while_one_runs_is_a_conflict_naming_the_running_one()
    {
        using var response = await Client.PostAsync("/hmi/work-orders/WO-0/start", null, CancellationToken.None);

        var problem = await ProblemAsync(response, HttpStatusCode.Conflict);
        Assert.Contains("'WO-1' is running", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(WorkOrderState.Paused, Line.Store.FindWorkOrder("WO-0")!.State);
    }

    [Fact]
    public async Task Close_without_a_pin_is_forbidden_and_changes_nothing()
    {
        using var response = await Client.PostAsJsonAsync("/hmi/work-orders/WO-0/close", new { reason = "batch done" }, CancellationToken.None);

        var problem = await ProblemAsync(response, HttpStatusCode.Forbidden);
        Assert.Equal("Engineer PIN required", problem.GetProperty("title").GetString());
        Assert.Equal(WorkOrderState.Paused, Line.Store.FindWorkOrder("WO-0")!.State);
    }

    [Fact]
    public async Task Close_with_a_wrong_pin_is_forbidden_and_the_attempt_is_audited_with_who_and_why()
    {
        var before = Line.Store.ReadAudit(1, 1000).Count;

        using var response = await Client.PostAsJsonAsync(
            "/hmi/work-orders/WO-0/close", new { @operator = "eng-2", reason = "batch done", pin = "1234" }, CancellationToken.None);

        var problem = await ProblemAsync(response, HttpStatusCode.Forbidden);
        Assert.Equal("Wrong engineer PIN", problem.GetProperty("title").GetString());
        Assert.Equal(WorkOrderState.Paused, Line.Store.FindWorkOrder("WO-0")!.State);
        var audit = Line.Store.ReadAudit(1, 1000);
        Assert.Equal(before + 1, audit.Count);
        Assert.Equal(("eng-2", "workorder.close.refused", "WO-0"), (audit[^1].OperatorId, audit[^1].Action, audit[^1].Subject));
        Assert.Contains("batch done", audit[^1].Reason, StringComparison.Ordinal);
        Assert.True(Line.Store.VerifyAuditChain().IsIntact);
    }

    [Fact]
    public async Task Close_with_the_right_pin_closes_the_order_with_the_engineers_reason()
    {
        using var response = await Client.PostAsJsonAsync(
            "/hmi/work-orders/WO-0/close", new { @operator = "eng-2", reason = "cancelled by planning", pin = HmiLine.Pin }, CancellationToken.None);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(WorkOrderState.Closed, Line.Store.FindWorkOrder("WO-0")!.State);
        var audit = Line.Store.ReadAudit(1, 1000)[^1];
        Assert.Equal(("eng-2", "workorder.close", "WO-0", "cancelled by planning"), (audit.OperatorId, audit.Action, audit.Subject, audit.Reason));
    }

    [Fact]
    public async Task Close_refused_by_the_store_is_a_conflict_that_says_what_is_open()
    {
        using var response = await Client.PostAsJsonAsync(
            "/hmi/work-orders/WO-1/close", new { reason = "end of shift", pin = HmiLine.Pin }, CancellationToken.None);

        var problem = await ProblemAsync(response, HttpStatusCode.Conflict);
        Assert.Contains("still open", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(WorkOrderState.Running, Line.Store.FindWorkOrder("WO-1")!.State);
    }

    [Fact]
    public async Task Close_without_a_reason_is_a_validation_problem_naming_the_field()
    {
        using var response = await Client.PostAsJsonAsync("/hmi/work-orders/WO-0/close", new { pin = HmiLine.Pin }, CancellationToken.None);

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("reason", out _));
    }

    [Fact]
    public async Task An_unreadable_body_is_a_validation_problem_and_changes_nothing()
    {
        using var content = new StringContent("{\"operator\": ", System.Text.Encoding.UTF8, "application/json");
        using var response = await Client.PostAsync("/hmi/work-orders/WO-1/pause", content, CancellationToken.None);

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("body", out _));
        Assert.Equal(WorkOrderState.Running, Line.Store.FindWorkOrder("WO-1")!.State);
    }

    [Fact]
    public async Task An_unknown_work_order_is_not_found()
    {
        using var response = await Client.PostAsync("/hmi/work-orders/WO-404/pause", null, CancellationToken.None);

        var problem = await ProblemAsync(response, HttpStatusCode.NotFound);
        Assert.Contains("WO-404", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_page_and_its_assets_are_served_locally_with_no_external_reference()
    {
        var page = await Client.GetStringAsync("/", CancellationToken.None);
        var script = await Client.GetStringAsync("/hmi/assets/hmi.js", CancellationToken.None);
        var style = await Client.GetStringAsync("/hmi/assets/hmi.css", CancellationToken.None);

        Assert.Contains("/hmi/assets/hmi.js", page, StringComparison.Ordinal);
        Assert.Contains("EventSource(\"/hmi/events\")", script, StringComparison.Ordinal);
        Assert.All(new[] { page, script, style }, text => Assert.DoesNotContain("http", text, StringComparison.OrdinalIgnoreCase));
        using var missing = await Client.GetAsync("/hmi/assets/nope.js", CancellationToken.None);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task<JsonElement> NextSnapshotAsync(StreamReader reader, CancellationToken cancellationToken = default)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(10));
        string? eventName = null;
        while (await reader.ReadLineAsync(deadline.Token) is { } line)
        {
            if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                eventName = line["event: ".Length..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal) && eventName == "snapshot")
            {
                using var document = JsonDocument.Parse(line["data: ".Length..]);
                return document.RootElement.Clone();
            }
        }

        throw new EndOfStreamException("The event stream ended before a snapshot.");
    }

    private async Task<JsonElement> GetStateAsync()
    {
        using var response = await Client.GetAsync("/hmi/state", CancellationToken.None);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }
}
