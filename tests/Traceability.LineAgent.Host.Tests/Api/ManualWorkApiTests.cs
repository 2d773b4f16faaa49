using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using LiteDB;
using Traceability.Contracts.Line.V1;
using Traceability.Core.Lifecycle;
using Traceability.LineAgent.Host.Tests.Hmi;
using Traceability.LineAgent.Storage;

namespace Traceability.LineAgent.Host.Tests.Api;

/// <summary>The manual-work API over a real Kestrel port and line store (the HMI's seeded line: WO-1 with 3 units in an open case, 1 rejected).</summary>
public sealed class ManualWorkApiTests : HmiLineTests
{
    [Fact]
    public async Task An_operator_reprints_a_rejected_label_from_the_queue_with_its_serial()
    {
        var queue = await GetAsync("/api/reprint-queue");
        var entry = Assert.Single(queue["items"]!.AsArray())!;
        Assert.Equal(("rejected", "no-read", 0), ((string)entry["state"]!, (string)entry["reason"]!, (int)entry["reprintCount"]!));
        var serial = (string)entry["serial"]!;

        var answer = await PostAsync($"/api/units/{HmiLine.Gtin.Value}/{serial}/reprint", new { operatorId = "op-7", reason = "label smudged" });

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal(("reprinted", serial, 1), ((string)answer.Body["action"]!, (string)answer.Body["serial"]!, (int)answer.Body["reprintCount"]!));
        Assert.Null(answer.Body["newSerial"]);
        Assert.True(Line.Printer.Printed.Reader.TryRead(out var printed));
        Assert.Contains("/21/" + serial, printed.Code, StringComparison.Ordinal);
        Assert.Equal(1, (int)(await GetAsync("/api/reprint-queue"))["items"]![0]!["reprintCount"]!);
        AssertReconciled();
    }

    [Fact]
    public async Task A_verified_unit_needs_the_engineer_pin_and_is_reissued_by_default()
    {
        var unit = await Line.VerifyUnitAsync();
        var path = $"/api/units/{unit.Key.Gtin.Value}/{unit.Key.Serial.Value}/reprint";
        var body = new { operatorId = "eng-1", reason = "label torn" };

        var missing = await PostAsync(path, body);
        Assert.Equal((HttpStatusCode.Forbidden, "Engineer PIN required"), (missing.Status, (string)missing.Body["title"]!));
        var wrong = await PostAsync(path, body, pin: "0000");
        Assert.Equal((HttpStatusCode.Forbidden, "Wrong engineer PIN"), (wrong.Status, (string)wrong.Body["title"]!));
        Assert.Equal(("manual.reprint.refused", "eng-1"), (Line.Store.ReadAudit(1, 100)[^1].Action, Line.Store.ReadAudit(1, 100)[^1].OperatorId));
        Assert.Equal((SerialState.Commissioned, 0), (Line.Store.FindUnit(unit.Key)!.State, Line.Store.FindUnit(unit.Key)!.ReprintCount));

        var done = await PostAsync(path, body, pin: HmiLine.Pin);

        Assert.Equal(HttpStatusCode.OK, done.Status);
        Assert.Equal("reissued", (string)done.Body["action"]!);
        var newSerial = (string)done.Body["newSerial"]!;
        Assert.NotEqual(unit.Key.Serial.Value, newSerial);
        Assert.Equal(SerialState.Inactive, Line.Store.FindUnit(unit.Key)!.State);
        Assert.True(Line.Printer.Printed.Reader.TryRead(out var printed));
        Assert.Contains("/21/" + newSerial, printed.Code, StringComparison.Ordinal);
        var reprinted = Line.Store.Outbox.ReadPending(1000)[^1].ToEvent().LabelReprinted;
        Assert.Equal((true, newSerial), (reprinted.Reissued, reprinted.NewItem.Unit.Serial));
        AssertReconciled();
    }

    [Fact]
    public async Task Over_the_limit_a_reprint_of_a_verified_unit_is_a_conflict()
    {
        await using var line = await HmiLine.StartAsync(new Dictionary<string, string?>
        {
            ["Hmi:EngineerPin"] = HmiLine.Pin,
            ["Reprint:VerifiedUnitPolicy"] = "Reprint",
            ["Reprint:MaxReprintsPerUnit"] = "1",
        });
        using var client = line.Client();
        var unit = await line.VerifyUnitAsync();
        var path = $"/api/units/{unit.Key.Gtin.Value}/{unit.Key.Serial.Value}/reprint";
        var body = new { operatorId = "eng-1", reason = "label torn" };

        var first = await PostAsync(client, path, body, HmiLine.Pin);
        var second = await PostAsync(client, path, body, HmiLine.Pin);

        Assert.Equal((HttpStatusCode.OK, "reprinted", 1), (first.Status, (string)first.Body["action"]!, (int)first.Body["reprintCount"]!));
        Assert.Equal(HttpStatusCode.Conflict, second.Status);
        Assert.Contains("limit per unit is 1", (string)second.Body["detail"]!, StringComparison.Ordinal);
        Assert.Equal(1, line.Store.FindUnit(unit.Key)!.ReprintCount);
    }

    [Fact]
    public async Task Bad_input_gets_problem_details_naming_the_field()
    {
        var unit = await Line.VerifyUnitAsync();
        var path = $"/api/units/{unit.Key.Gtin.Value}/{unit.Key.Serial.Value}";

        await AssertFieldAsync(await PostAsync(path + "/sample", new { operatorId = "op-1" }), "reason");
        await AssertFieldAsync(await PostAsync(path + "/sample", new { reason = "qa" }), "operatorId");
        await AssertFieldAsync(await PostAsync(path + "/decommission", new { operatorId = "eng", reason = "dented", kind = "lost" }, HmiLine.Pin), "kind");
        await AssertFieldAsync(await PostAsync("/api/units/123/X1/sample", new { operatorId = "op-1", reason = "qa" }), "gtin");
        await AssertFieldAsync(await PostAsync("/api/containers/123/disaggregate", new { operatorId = "eng", reason = "x" }, HmiLine.Pin), "sscc");
        await AssertFieldAsync(await PostAsync($"/api/containers/{HmiLine.CaseSscc.Value}/units", new { operatorId = "eng", reason = "x", units = new[] { "(01)123" } }, HmiLine.Pin), "units[0]");
        await AssertFieldAsync(await GetProblemAsync("/api/audit?from=0"), "from");
        using var notJson = await Client.PostAsync(path + "/sample", new StringContent("operatorId=op-1"));
        Assert.Equal(HttpStatusCode.BadRequest, notJson.StatusCode);

        var unknown = await PostAsync($"/api/units/{HmiLine.Gtin.Value}/NOSUCH1/sample", new { operatorId = "op-1", reason = "qa" });
        Assert.Equal((HttpStatusCode.NotFound, "Unknown unit"), (unknown.Status, (string)unknown.Body["title"]!));
        Assert.Contains("NOSUCH1", (string)unknown.Body["detail"]!, StringComparison.Ordinal);
        var slashed = await PostAsync($"/api/units/{HmiLine.Gtin.Value}/NO%2FSUCH/sample", new { operatorId = "op-1", reason = "qa" });
        Assert.Equal((HttpStatusCode.NotFound, "Unknown unit"), (slashed.Status, (string)slashed.Body["title"]!));
        Assert.Contains("(21)NO/SUCH", (string)slashed.Body["detail"]!, StringComparison.Ordinal);
        var percent = await PostAsync($"/api/units/{HmiLine.Gtin.Value}/NO%252FSUCH/sample", new { operatorId = "op-1", reason = "qa" });
        Assert.Contains("(21)NO%2FSUCH", (string)percent.Body["detail"]!, StringComparison.Ordinal);
        var unknownCase = await PostAsync($"/api/containers/{Core.Gs1.Sscc.Create(0, "9506000", 99).Value}/disaggregate", new { operatorId = "eng", reason = "x" }, HmiLine.Pin);
        Assert.Equal((HttpStatusCode.NotFound, "Unknown container"), (unknownCase.Status, (string)unknownCase.Body["title"]!));

        // Nothing was stored by any of them.
        Assert.Equal(SerialState.Commissioned, Line.Store.FindUnit(unit.Key)!.State);
        AssertReconciled();
    }

    [Fact]
    public async Task Samples_and_decommissioning_record_who_and_why()
    {
        var sample = await Line.VerifyUnitAsync();
        var damaged = await Line.VerifyUnitAsync();

        var sampled = await PostAsync(UnitPath(sample.Key, "sample"), new { operatorId = "op-4", reason = "retention" });
        var refused = await PostAsync(UnitPath(damaged.Key, "decommission"), new { operatorId = "op-4", reason = "dented", kind = "inactive" });
        var destroyed = await PostAsync(UnitPath(damaged.Key, "decommission"), new { operatorId = "eng-2", reason = "crushed", kind = "destroyed" }, HmiLine.Pin);

        Assert.Equal((HttpStatusCode.OK, "Sampled"), (sampled.Status, (string)sampled.Body["state"]!));
        Assert.Equal(HttpStatusCode.Forbidden, refused.Status);
        Assert.Equal((HttpStatusCode.OK, "Destroyed"), (destroyed.Status, (string)destroyed.Body["state"]!));
        var decommissioned = Line.Store.Outbox.ReadPending(1000)[^1].ToEvent().UnitDecommissioned;
        Assert.Equal(("crushed", "eng-2"), (decommissioned.Reason, decommissioned.OperatorId));
        AssertReconciled();
    }

    [Fact]
    public async Task A_case_is_disaggregated_and_re_aggregated_through_the_api()
    {
        await Line.Store.CommitAsync(tx => tx.CloseContainer(HmiLine.CaseSscc), CancellationToken.None);
        var units = Line.Store.FindContainer(HmiLine.CaseSscc)!.Units;
        var path = $"/api/containers/{HmiLine.CaseSscc.Value}";

        var noPin = await PostAsync(path + "/disaggregate", new { operatorId = "eng-1", reason = "wrong lot" });
        var opened = await PostAsync(path + "/disaggregate", new { operatorId = "eng-1", reason = "wrong lot" }, HmiLine.Pin);
        Assert.Equal(HttpStatusCode.Forbidden, noPin.Status);
        Assert.Equal((HttpStatusCode.OK, "Open", 0), (opened.Status, (string)opened.Body["state"]!, opened.Body["units"]!.AsArray().Count));
        AssertReconciled();

        var refill = units.Take(2).Select(u => u.ToString()).ToArray();
        var closed = await PostAsync(path + "/units", new { operatorId = "eng-1", reason = "relabelled", units = refill }, HmiLine.Pin);

        Assert.Equal((HttpStatusCode.OK, "Closed"), (closed.Status, (string)closed.Body["state"]!));
        Assert.Equal(refill, closed.Body["units"]!.AsArray().Select(u => (string)u!));
        Assert.Null(Line.Store.FindUnit(units[2])!.CaseSscc);
        var aggregated = Line.Store.Outbox.ReadPending(1000)[^1].ToEvent();
        Assert.Equal(LineEvent.BodyOneofCase.Aggregated, aggregated.BodyCase);
        Assert.Equal(2, aggregated.Aggregated.Children.Count);
        AssertReconciled();

        var again = await PostAsync(path + "/units", new { operatorId = "eng-1", reason = "again", units = new[] { units[2].ToString() } }, HmiLine.Pin);
        Assert.Equal(HttpStatusCode.Conflict, again.Status);
        Assert.Contains("disaggregate it first", (string)again.Body["detail"]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_audit_trail_lists_every_manual_action_and_its_chain_verifies()
    {
        var unit = await Line.VerifyUnitAsync();
        await PostAsync(UnitPath(unit.Key, "sample"), new { operatorId = "op-4", reason = "retention" });

        var audit = await GetAsync("/api/audit?from=2&limit=10");

        Assert.True((bool)audit["chainValid"]!);
        var records = audit["records"]!.AsArray();
        Assert.Equal(["workorder.pause", "workorder.start", "unit.sample"], records.Select(r => (string)r!["action"]!));
        Assert.Equal(("op-4", "retention", unit.Key.ToString()), ((string)records[2]!["operatorId"]!, (string)records[2]!["reason"]!, (string)records[2]!["subject"]!));
        Assert.Equal((string)records[0]!["hash"]!, (string)records[1]!["previousHash"]!);
        Assert.Equal(5, (long)audit["next"]!);
    }

    [Fact]
    public async Task A_tampered_audit_record_shows_in_the_chain_check()
    {
        await using var line = await HmiLine.StartAsync(editStoreFile: path =>
        {
            using var db = new LiteDatabase($"Filename={path};Connection=direct");
            var audit = db.GetCollection("audit");
            var record = audit.FindById(2);
            record["who"] = "nobody";
            audit.Update(record);
        });
        using var client = line.Client();

        var trail = await client.GetFromJsonAsync<JsonObject>("/api/audit");

        Assert.False((bool)trail!["chainValid"]!);
        Assert.Equal(2, (long)trail["firstBrokenSequence"]!);
        Assert.Contains("record 2", (string)trail["problem"]!, StringComparison.Ordinal);
    }

    private static string UnitPath(UnitKey unit, string verb) => $"/api/units/{unit.Gtin.Value}/{unit.Serial.Value}/{verb}";

    private static async Task AssertFieldAsync((HttpStatusCode Status, JsonObject Body) answer, string field)
    {
        Assert.Equal(HttpStatusCode.BadRequest, answer.Status);
        Assert.True(answer.Body["errors"]?[field] is not null, $"no error for '{field}' in {answer.Body.ToJsonString()}");
        await Task.CompletedTask;
    }

    private void AssertReconciled()
    {
        var stored = Line.Store.FindWorkOrder("WO-1")!.Counts;
        Assert.Equal(Line.Store.CountFromData("WO-1"), stored);
        Assert.True(stored.IsBalanced, string.Join("; ", stored.Imbalances()));
    }

    private async Task<JsonObject> GetAsync(string path) => (await Client.GetFromJsonAsync<JsonObject>(path))!;

    private async Task<(HttpStatusCode Status, JsonObject Body)> GetProblemAsync(string path)
    {
        using var response = await Client.GetAsync(path);
        return (response.StatusCode, (await response.Content.ReadFromJsonAsync<JsonObject>())!);
    }

    private Task<(HttpStatusCode Status, JsonObject Body)> PostAsync(string path, object body, string? pin = null) => PostAsync(Client, path, body, pin);

    private static async Task<(HttpStatusCode Status, JsonObject Body)> PostAsync(HttpClient client, string path, object body, string? pin)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        if (pin is not null)
        {
            request.Headers.Add("X-Engineer-Pin", pin);
        }

        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonNode.Parse(text) is JsonObject o ? o : throw new JsonException($"not a JSON object: {text}"));
    }
}
