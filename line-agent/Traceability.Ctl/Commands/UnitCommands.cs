using System.CommandLine;
using Traceability.Core.Gs1;
using Traceability.Core.Serials;

namespace Traceability.Ctl.Commands;

/// <summary>
/// <c>tracectl reprint | decommission | sample | disaggregate</c>: engineer actions on one unit or container of a running
/// line agent (<c>POST /api/units/{gtin}/{serial}/…</c>, <c>POST /api/containers/{sscc}/disaggregate</c>). The codes are
/// checked here first: a wrong check digit never reaches the agent.
/// </summary>
internal static class UnitCommands
{
    public static IEnumerable<Command> Create() =>
    [
        CreateUnitVerb("reprint", "Prints a unit's label again (same serial), recorded with who and why."),
        CreateDecommission(),
        CreateUnitVerb("sample", "Takes a verified unit as a QA or retention sample."),
        CreateDisaggregate(),
    ];

    private static Command CreateUnitVerb(string verb, string description) => CreateUnit(verb, description, null);

    private static Command CreateDecommission()
    {
        var kind = new Option<string>("--kind") { Description = "inactive (hold, quarantine, rework) or destroyed.", Required = true };
        kind.AcceptOnlyFromAmong("inactive", "destroyed");
        return CreateUnit("decommission", "Takes a verified unit out of the line: inactive or destroyed.", kind);
    }

    private static Command CreateUnit(string verb, string description, Option<string>? kind)
    {
        var agent = AgentClient.Options.Create();
        var gtin = new Argument<string>("gtin") { Description = "The unit's GTIN (AI 01)." };
        var serial = new Argument<string>("serial") { Description = "The unit's serial (AI 21)." };
        var operatorId = WorkOrderCommands.OperatorOption();
        var reason = WorkOrderCommands.ReasonOption(required: true);
        var command = new Command(verb, description + " Engineer action: --pin.") { gtin, serial, operatorId, reason };
        if (kind is not null)
        {
            command.Options.Add(kind);
        }

        WorkOrderCommands.Add(command, agent);
        command.SetAction((parseResult, ct) =>
        {
            var error = parseResult.InvocationConfiguration.Error;
            if (!Gtin.TryParse(parseResult.GetRequiredValue(gtin), out var parsedGtin, out var gtinError))
            {
                error.WriteLine($"gtin: {gtinError}");
                return Task.FromResult(ExitCodes.InvalidInput);
            }

            var serialText = parseResult.GetRequiredValue(serial);
            if (!Serial.TryParse(serialText, out var parsedSerial))
            {
                error.WriteLine($"serial: '{serialText}' is not an AI (21) serial (1 to 20 characters of GS1 CSET 82).");
                return Task.FromResult(ExitCodes.InvalidInput);
            }

            var body = WorkOrderCommands.Action(parseResult.GetRequiredValue(operatorId), parseResult.GetRequiredValue(reason));
            if (kind is not null)
            {
                body["kind"] = parseResult.GetRequiredValue(kind);
            }

            var path = $"/api/units/{parsedGtin.Value}/{AgentClient.Segment(parsedSerial.Value)}/{verb}";
            return AgentClient.RunAsync(parseResult, agent, (client, stdout) => client.PrintJsonAsync(HttpMethod.Post, path, body, stdout, ct));
        });
        return command;
    }

    private static Command CreateDisaggregate()
    {
        var agent = AgentClient.Options.Create();
        var sscc = new Argument<string>("sscc") { Description = "The case or pallet SSCC (AI 00, 18 digits)." };
        var operatorId = WorkOrderCommands.OperatorOption();
        var reason = WorkOrderCommands.ReasonOption(required: true);
        var command = new Command("disaggregate", "Empties a case or pallet (its children leave it). Engineer action: --pin.") { sscc, operatorId, reason };
        WorkOrderCommands.Add(command, agent);
        command.SetAction((parseResult, ct) =>
        {
            if (!Sscc.TryParse(parseResult.GetRequiredValue(sscc), out var parsed, out var ssccError))
            {
                parseResult.InvocationConfiguration.Error.WriteLine($"sscc: {ssccError}");
                return Task.FromResult(ExitCodes.InvalidInput);
            }

            var body = WorkOrderCommands.Action(parseResult.GetRequiredValue(operatorId), parseResult.GetRequiredValue(reason));
            return AgentClient.RunAsync(parseResult, agent, (client, stdout) =>
                client.PrintJsonAsync(HttpMethod.Post, $"/api/containers/{parsed.Value}/disaggregate", body, stdout, ct));
        });
        return command;
    }
}
