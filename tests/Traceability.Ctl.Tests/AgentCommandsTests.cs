using System.Text.Json;
using Traceability.Core.Lifecycle;
using Traceability.LineAgent.Storage;

namespace Traceability.Ctl.Tests;

/// <summary>tracectl's agent verbs, run as a process against a real line agent host.</summary>
public sealed class AgentCommandsTests : IAsyncLifetime
{
    private RunningAgent _agent = null!;

    public async Task InitializeAsync() => _agent = await RunningAgent.StartAsync();

    public async Task DisposeAsync() => await _agent.DisposeAsync();

    [Fact]
    public async Task Work_orders_list_and_show_print_the_agents_orders_with_their_reconciliation()
    {
        var list = await Tracectl.RunProcessAsync(_agent.Environment(), "work-orders", "list");
        Assert.Equal(0, list.ExitCode);
        var orders = JsonDocument.Parse(list.Stdout).RootElement.EnumerateArray().ToDictionary(o => o.GetProperty("id").GetString()!, o => o.GetProperty("state").GetString());
        Assert.Equal(new Dictionary<string, string?> { ["WO-1"] = "Paused", ["WO-2"] = "Paused", ["WO-3"] = "Planned" }, orders);

        // --agent wins over the environment.
        var show = await Tracectl.RunProcessAsync(new Dictionary<string, string?> { ["TRACECTL_AGENT"] = "http://127.0.0.1:1" }, "work-orders", "show", "WO-1", "--agent", _agent.Url);
        Assert.Equal(0, show.ExitCode);
        var counts = JsonDocument.Parse(show.Stdout).RootElement.GetProperty("workOrder").GetProperty("counts");
        Assert.Equal((6, 5, 1, 5), (counts.GetProperty("issued").GetInt64(), counts.GetProperty("verified").GetInt64(), counts.GetProperty("rejected").GetInt64(), counts.GetProperty("packed").GetInt64()));

        var missing = await Tracectl.RunProcessAsync(_agent.Environment(), "work-orders", "show", "WO-404");
        Assert.Equal((ExitCodes.AgentRefused, ""), (missing.ExitCode, missing.Stdout));
        Assert.Contains("Unknown work order", missing.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Work_orders_create_needs_the_pin_and_stores_the_order()
    {
        string[] args = ["work-orders", "create", "--id", "WO-9", "--gtin", "09506000134352", "--lot", "L9", "--expiry", "2029-06-30", "--quantity", "40", "--units-per-case", "8", "--operator", "eng-1", "--reason", "central down"];
        var noPin = await Tracectl.RunProcessAsync(_agent.Environment(), args);
        Assert.Equal(ExitCodes.AgentRefused, noPin.ExitCode);
        Assert.Contains("Engineer PIN required", noPin.Stderr, StringComparison.Ordinal);
        Assert.Contains("TRACECTL_ENGINEER_PIN", noPin.Stderr, StringComparison.Ordinal);
        Assert.Null(_agent.Store.FindWorkOrder("WO-9"));

        var created = await Tracectl.RunProcessAsync(_agent.Environment(withPin: true), args);
        Assert.Equal(0, created.ExitCode);
        var order = _agent.Store.FindWorkOrder("WO-9");
        Assert.NotNull(order);
        Assert.Equal((WorkOrderState.Planned, "290630", 40L, 8), (order.State, order.Spec.Expiry, order.Spec.Quantity, order.Spec.UnitsPerCase));

        // The agent's own validation comes back as exit 2 naming the field.
        var badLot = await Tracectl.RunProcessAsync(_agent.Environment(withPin: true),
            "work-orders", "create", "--gtin", "09506000134352", "--lot", "L~9", "--expiry", "2029-06-30", "--quantity", "4", "--operator", "eng-1");
        Assert.Equal(ExitCodes.InvalidInput, badLot.ExitCode);
        Assert.Contains("lot:", badLot.Stderr, StringComparison.Ordinal);

        // A bad check digit never reaches the agent.
        var badGtin = await Tracectl.RunProcessAsync(_agent.Environment(withPin: true),
            "work-orders", "create", "--gtin", "09506000134353", "--lot", "L9", "--expiry", "2029-06-30", "--quantity", "4", "--operator", "eng-1");
        Assert.Equal(ExitCodes.InvalidInput, badGtin.ExitCode);
        Assert.Contains("--gtin", badGtin.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refused_moves_print_the_agents_reason_and_a_close_that_does_not_reconcile_lists_the_units()
    {
        // No PLC is connected: the agent refuses to start the line (409) and the order stays Planned.
        var start = await Tracectl.RunProcessAsync(_agent.Environment(), "work-orders", "start", "WO-3", "--operator", "op-1");
        Assert.Equal(ExitCodes.AgentRefused, start.ExitCode);
        Assert.Contains("PLC is not connected", start.Stderr, StringComparison.Ordinal);
        Assert.Equal(WorkOrderState.Planned, _agent.Store.FindWorkOrder("WO-3")!.State);

        var pause = await Tracectl.RunProcessAsync(_agent.Environment(), "work-orders", "pause", "WO-3", "--operator", "op-1");
        Assert.Equal(ExitCodes.AgentRefused, pause.ExitCode);
        Assert.Contains("only a Running order can pause", pause.Stderr, StringComparison.Ordinal);

        var close = await Tracectl.RunProcessAsync(_agent.Environment(withPin: true), "work-orders", "close", "WO-2", "--operator", "eng-1", "--reason", "end of batch");
        Assert.Equal(ExitCodes.AgentRefused, close.ExitCode);
        var stored = _agent.Store.UnitsOf("WO-2").OrderBy(u => u.PlcSequence).ToList();
        Assert.Contains("units without a verdict (2)", close.Stderr, StringComparison.Ordinal);
        Assert.Contains($"{stored[0].Key} {SerialState.Encoded} (PLC #7)", close.Stderr, StringComparison.Ordinal);
        Assert.Contains($"{stored[1].Key} {SerialState.Allocated} (PLC #8)", close.Stderr, StringComparison.Ordinal);
        Assert.Equal(WorkOrderState.Paused, _agent.Store.FindWorkOrder("WO-2")!.State);

        var closed = await Tracectl.RunProcessAsync(_agent.Environment(withPin: true), "work-orders", "close", "WO-1", "--operator", "eng-1", "--reason", "end of batch");
        Assert.Equal(0, closed.ExitCode);
        Assert.Equal(WorkOrderState.Closed, _agent.Store.FindWorkOrder("WO-1")!.State);
    }

    [Fact]
    public async Task Manual_work_verbs_change_the_agents_store_and_engineer_verbs_need_the_pin()
    {
        var units = _agent.Store.UnitsOf("WO-1").OrderBy(u => u.PlcSequence).ToList();
        var (first, second, rejected) = (units[0].Key, units[1].Key, units[5].Key);
        var gtin = RunningAgent.Gtin.Value;

        // Engineer verbs without the PIN are refused and change nothing.
        var noPin = await Tracectl.RunProcessAsync(_agent.Environment(),
            "decommission", gtin, first.Serial.Value, "--kind", "destroyed", "--operator", "eng-1", "--reason", "crushed");
        Assert.Equal(ExitCodes.AgentRefused, noPin.ExitCode);
        Assert.Contains("PIN", noPin.Stderr, StringComparison.Ordinal);
        Assert.Equal(SerialState.Commissioned, _agent.Store.FindUnit(first)!.State);

        var reprintVerified = await Tracectl.RunProcessAsync(_agent.Environment(),
            "reprint", gtin, second.Serial.Value, "--operator", "op-1", "--reason", "torn");
        Assert.Equal(ExitCodes.AgentRefused, reprintVerified.ExitCode);
        Assert.Contains("engineer", reprintVerified.Stderr, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(0, _agent.Store.FindUnit(second)!.ReprintCount);

        // Rework: the closed case opens again, a unit is destroyed, another taken as a sample.
        var disaggregate = await Tracectl.RunProcessAsync(_agent.Environment(withPin: true),
            "disaggregate", RunningAgent.Case1.Value, "--operator", "eng-1", "--reason", "rework");
        Assert.Equal(0, disaggregate.ExitCode);
        Assert.NotEqual(ContainerState.Closed, _agent.Store.FindContainer(RunningAgent.Case1)!.State);

        var decommission = await Tracectl.RunProcessAsync(_agent.Environment(withPin: true),
            "decommission", gtin, first.Serial.Value, "--kind", "destroyed", "--operator", "eng-1", "--reason", "crushed");
        Assert.Equal(0, decommission.ExitCode);
        Assert.Equal(SerialState.Destroyed, _agent.Store.FindUnit(first)!.State);

        var sample = await Tracectl.RunProcessAsync(_agent.Environment(withPin: true),
            "sample", gtin, second.Serial.Value, "--operator", "qa-1", "--reason", "retention sample");
        Assert.Equal(0, sample.ExitCode);
        Assert.Equal(SerialState.Sampled, _agent.Store.FindUnit(second)!.State);

        // The agent's 404 for a unit it does not have comes back as a refusal naming it.
        var unknown = await Tracectl.RunProcessAsync(_agent.Environment(withPin: true),
            "sample", gtin, "NOPE0001", "--operator", "qa-1", "--reason", "x");
        Assert.Equal(ExitCodes.AgentRefused, unknown.ExitCode);
        Assert.Contains("NOPE0001", unknown.Stderr, StringComparison.Ordinal);

        var audit = _agent.Store.ReadAudit(1, 1000);
        Assert.Equal(["eng-1", "eng-1", "qa-1"], audit.TakeLast(3).Select(a => a.OperatorId));
        Assert.Equal(SerialState.LabelScrapped, _agent.Store.FindUnit(rejected)!.State);
    }

    [Fact]
    public async Task Report_writes_the_csv_to_a_file_and_the_epcis_document_to_stdout()
    {
        var file = Path.Combine(Path.GetTempPath(), $"tracectl-report-{Guid.NewGuid():N}.csv");
        try
        {
            var csv = await Tracectl.RunProcessAsync(_agent.Environment(), "report", "WO-1", "--format", "csv", "--out", file);
            Assert.Equal(0, csv.ExitCode);
            var lines = File.ReadAllText(file).Split("\r\n");
            Assert.Equal("gtin,serial,state,printedAt,verifiedAt,rejectReason,caseSscc,palletSscc,reprintCount", lines[0]);
            var units = _agent.Store.UnitsOf("WO-1").OrderBy(u => u.PlcSequence).ToList();
            var rows = lines.Skip(1).TakeWhile(l => l.Length > 0).Select(l => l.Split(',')).ToList();
            Assert.Equal(units.Select(u => (u.Key.Serial.Value, u.State.ToString(), u.CaseSscc?.Value ?? "")), rows.Select(r => (r[1], r[2], r[6])));
            Assert.Contains("balanced,true", lines);
        }
        finally
        {
            File.Delete(file);
        }

        var epcis = await Tracectl.RunProcessAsync(_agent.Environment(), "report", "WO-1", "--format", "epcis");
        Assert.Equal(0, epcis.ExitCode);
        var document = JsonDocument.Parse(epcis.Stdout).RootElement;
        Assert.Equal("EPCISDocument", document.GetProperty("type").GetString());
        var steps = document.GetProperty("epcisBody").GetProperty("eventList").EnumerateArray().Select(e => e.GetProperty("bizStep").GetString()).ToList();
        Assert.Equal((5, 1, 1), (steps.Count(s => s == "commissioning"), steps.Count(s => s == "inspecting"), steps.Count(s => s == "packing")));
    }
}
