using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Traceability.Core.Gs1;

namespace Traceability.Ctl.Commands;

/// <summary><c>tracectl work-orders …</c> and <c>tracectl report</c>: a running line agent's work orders, over its HTTP API.</summary>
internal static class WorkOrderCommands
{
    public static Command Create() =>
        new("work-orders", "A running line agent's work orders: list, show, create on the line, start, pause, close.")
        {
            CreateList(),
            CreateShow(),
            CreateNew(),
            CreateAction("start", "Starts a Planned work order or continues a Paused one (the line runs it).", engineer: false),
            CreateAction("pause", "Pauses the running work order (units on their way get their verdicts first).", engineer: false),
            CreateAction("close", "Closes a work order, reconciled (engineer: --pin and --reason). Exit 6 listing the units when it does not reconcile.", engineer: true),
        };

    public static Command CreateReport()
    {
        var agent = AgentClient.Options.Create();
        var id = new Argument<string>("workOrderId") { Description = "The work order." };
        var format = new Option<string>("--format") { Description = "csv (one row per serial + summary) or epcis (EPCIS 2.0 JSON-LD).", DefaultValueFactory = _ => "csv" };
        format.AcceptOnlyFromAmong("csv", "epcis");
        var output = new Option<FileInfo?>("--out", "-o") { Description = "Write the report to this file instead of standard output." };
        var command = new Command("report", "Exports a work order's report from the line agent: CSV or EPCIS 2.0.") { id, format, output };
        Add(command, agent);
        command.SetAction((parseResult, ct) => AgentClient.RunAsync(parseResult, agent, async (client, stdout) =>
        {
            var path = $"/api/work-orders/{AgentClient.Segment(parseResult.GetRequiredValue(id))}/report?format={parseResult.GetRequiredValue(format)}";
            var (response, code) = await client.SendAsync(HttpMethod.Get, path, null, ct);
            if (response is null)
            {
                return code;
            }

            using (response)
            {
                if (parseResult.GetValue(output) is { } file)
                {
                    await using var stream = file.Create();
                    await response.Content.CopyToAsync(stream, ct);
                    parseResult.InvocationConfiguration.Error.WriteLine($"Wrote {file.FullName} ({stream.Length} bytes).");
                }
                else
                {
                    stdout.Write(await response.Content.ReadAsStringAsync(ct));
                    stdout.Flush();
                }
            }

            return ExitCodes.Success;
        }));
        return command;
    }

    internal static void Add(Command command, AgentClient.Options agent)
    {
        foreach (var option in agent.All)
        {
            command.Options.Add(option);
        }
    }

    internal static Option<string> OperatorOption() => new("--operator") { Description = "Who does it (operator or engineer id).", Required = true };

    internal static Option<string> ReasonOption(bool required) => new("--reason") { Description = "Why (written to the line's audit trail).", Required = required };

    internal static JsonObject Action(string operatorId, string? reason) => new() { ["operatorId"] = operatorId, ["reason"] = reason };

    private static Command CreateList()
    {
        var agent = AgentClient.Options.Create();
        var command = new Command("list", "Lists the line's work orders with state and counts (JSON).");
        Add(command, agent);
        command.SetAction((parseResult, ct) => AgentClient.RunAsync(parseResult, agent, (client, stdout) =>
            client.PrintJsonAsync(HttpMethod.Get, "/api/work-orders", null, stdout, ct)));
        return command;
    }

    private static Command CreateShow()
    {
        var agent = AgentClient.Options.Create();
        var id = new Argument<string>("workOrderId") { Description = "The work order." };
        var command = new Command("show", "Shows one work order with its reconciliation (JSON).") { id };
        Add(command, agent);
        command.SetAction((parseResult, ct) => AgentClient.RunAsync(parseResult, agent, (client, stdout) =>
            client.PrintJsonAsync(HttpMethod.Get, $"/api/work-orders/{AgentClient.Segment(parseResult.GetRequiredValue(id))}", null, stdout, ct)));
        return command;
    }

    private static Command CreateNew()
    {
        var agent = AgentClient.Options.Create();
        var id = new Option<string?>("--id") { Description = "The work order id (default: the agent makes one: <line>-<yyyyMMddHHmmss>)." };
        var gtin = new Option<string>("--gtin") { Description = "The product's GTIN (14 digits, check digit checked).", Required = true };
        var lot = new Option<string>("--lot") { Description = "Batch/lot, AI (10).", Required = true };
        var expiry = new Option<string>("--expiry") { Description = "Expiry date, yyyy-MM-dd.", Required = true };
        var quantity = new Option<long>("--quantity") { Description = "Units planned.", Required = true };
        var perCase = new Option<int?>("--units-per-case") { Description = "Units per case (default: the agent's LineApi:DefaultUnitsPerCase)." };
        var perPallet = new Option<int?>("--cases-per-pallet") { Description = "Cases per pallet (default: the agent's LineApi:DefaultCasesPerPallet)." };
        var operatorId = OperatorOption();
        var reason = ReasonOption(required: false);
        var command = new Command("create", "Creates a work order on the line (engineer: --pin), e.g. when central cannot plan it.")
        {
            id, gtin, lot, expiry, quantity, perCase, perPallet, operatorId, reason,
        };
        Add(command, agent);
        command.SetAction((parseResult, ct) =>
        {
            var error = parseResult.InvocationConfiguration.Error;
            if (!Gtin.TryParse(parseResult.GetRequiredValue(gtin), out var parsed, out var gtinError))
            {
                error.WriteLine($"--gtin: {gtinError}");
                return Task.FromResult(ExitCodes.InvalidInput);
            }

            if (!DateOnly.TryParseExact(parseResult.GetRequiredValue(expiry), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
            {
                error.WriteLine($"--expiry: '{parseResult.GetRequiredValue(expiry)}' is not a date yyyy-MM-dd.");
                return Task.FromResult(ExitCodes.InvalidInput);
            }

            if (parseResult.GetValue(quantity) < 1)
            {
                error.WriteLine("--quantity must be at least 1.");
                return Task.FromResult(ExitCodes.InvalidInput);
            }

            var body = new JsonObject
            {
                ["id"] = parseResult.GetValue(id),
                ["gtin"] = parsed.Value,
                ["lot"] = parseResult.GetRequiredValue(lot),
                ["expiry"] = parseResult.GetRequiredValue(expiry),
                ["quantity"] = parseResult.GetValue(quantity),
                ["unitsPerCase"] = parseResult.GetValue(perCase),
                ["casesPerPallet"] = parseResult.GetValue(perPallet),
                ["operatorId"] = parseResult.GetRequiredValue(operatorId),
                ["reason"] = parseResult.GetValue(reason),
            };
            return AgentClient.RunAsync(parseResult, agent, (client, stdout) => client.PrintJsonAsync(HttpMethod.Post, "/api/work-orders", body, stdout, ct));
        });
        return command;
    }

    private static Command CreateAction(string verb, string description, bool engineer)
    {
        var agent = AgentClient.Options.Create();
        var id = new Argument<string>("workOrderId") { Description = "The work order." };
        var operatorId = OperatorOption();
        var reason = ReasonOption(required: engineer);
        var command = new Command(verb, description) { id, operatorId, reason };
        Add(command, agent);
        command.SetAction((parseResult, ct) => AgentClient.RunAsync(parseResult, agent, (client, stdout) =>
            client.PrintJsonAsync(
                HttpMethod.Post, $"/api/work-orders/{AgentClient.Segment(parseResult.GetRequiredValue(id))}/{verb}",
                Action(parseResult.GetRequiredValue(operatorId), parseResult.GetValue(reason)), stdout, ct)));
        return command;
    }
}
