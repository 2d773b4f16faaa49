using System.CommandLine;

namespace Traceability.Plant;

/// <summary>The command line of the plant run.</summary>
internal static class PlantCommand
{
    public static async Task<int> InvokeAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var units = new Option<int>("--units", "-n") { Description = "Units in the work order.", DefaultValueFactory = _ => 200 };
        var data = new Option<string>("--data") { Description = "Folder for central.db (SQLite), the line's LiteDB and the PLC state; kept afterwards.", DefaultValueFactory = _ => "plant-data" };
        var exit = new Option<bool>("--exit-when-done") { Description = "Stop everything after the summary instead of leaving central and the HMI running." };
        var summary = new Option<string?>("--summary-json") { Description = "Also write the summary as JSON to this file." };
        var rate = new Option<int>("--rate") { Description = "Line speed, units per minute (the PLC's trigger rate).", DefaultValueFactory = _ => 300 };
        var shiftDepth = new Option<int>("--shift-depth") { Description = "Units between the printer's trigger and the PLC's reject gate: the verdict deadline is this many unit periods.", DefaultValueFactory = _ => 12 };
        var perCase = new Option<int>("--units-per-case") { Description = "Units a case holds.", DefaultValueFactory = _ => 10 };
        var perPallet = new Option<int>("--cases-per-pallet") { Description = "Cases a pallet holds.", DefaultValueFactory = _ => 4 };
        var noRead = new Option<double>("--no-read-rate") { Description = "Share of labels the simulated reader cannot read (0 to 1).", DefaultValueFactory = _ => 0.02 };
        var centralPort = new Option<int>("--central-port") { Description = "Central's REST port (gRPC is the next one); 0 picks free ports.", DefaultValueFactory = _ => 5080 };
        var hmiPort = new Option<int>("--hmi-port") { Description = "The line agent's HMI port; 0 picks a free one.", DefaultValueFactory = _ => 5090 };
        var root = new RootCommand("The plant run: central, one line agent and simulated printer, reader and PLC run a work order end to end.")
        {
            units, data, exit, summary, rate, shiftDepth, perCase, perPallet, noRead, centralPort, hmiPort,
        };
        root.SetAction(async (parseResult, ct) =>
        {
            var options = new PlantOptions(
                parseResult.GetValue(units), Path.GetFullPath(parseResult.GetValue(data)!), parseResult.GetValue(exit), parseResult.GetValue(summary),
                parseResult.GetValue(rate), parseResult.GetValue(shiftDepth), parseResult.GetValue(perCase), parseResult.GetValue(perPallet), parseResult.GetValue(noRead),
                parseResult.GetValue(centralPort), parseResult.GetValue(centralPort) is 0 ? 0 : parseResult.GetValue(centralPort) + 1, parseResult.GetValue(hmiPort));
            if (Validate(options) is { } problem)
            {
                await error.WriteLineAsync("plant: " + problem).ConfigureAwait(false);
                return 2;
            }

            return await new PlantRun(options, output, error).RunAsync(ct).ConfigureAwait(false);
        });
        var invocation = new InvocationConfiguration { Output = output, Error = error };
        return await root.Parse(args).InvokeAsync(invocation, cancellationToken).ConfigureAwait(false);
    }

    private static string? Validate(PlantOptions o) =>
        o.Units < 1 ? $"--units {o.Units}: give at least 1 unit"
        : o.Rate is < 1 or > 6000 ? $"--rate {o.Rate}: between 1 and 6000 units per minute"
        : o.ShiftDepth is < 1 or > 1000 ? $"--shift-depth {o.ShiftDepth}: between 1 and 1000 units"
        : o.UnitsPerCase < 1 ? $"--units-per-case {o.UnitsPerCase}: at least 1"
        : o.CasesPerPallet < 1 ? $"--cases-per-pallet {o.CasesPerPallet}: at least 1"
        : o.NoReadRate is < 0 or > 1 ? $"--no-read-rate {o.NoReadRate}: between 0 and 1"
        : o.CentralHttpPort is < 0 or > 65534 ? $"--central-port {o.CentralHttpPort}: 0 or a port below 65535"
        : o.HmiPort is < 0 or > 65535 ? $"--hmi-port {o.HmiPort}: 0 or a TCP port"
        : null;
}
