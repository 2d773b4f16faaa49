using System.CommandLine;
using Traceability.Ctl.Commands;

namespace Traceability.Ctl;

/// <summary>tracectl, the plant engineers' command line: builds the verb tree and runs one command line.</summary>
public static class TracectlApp
{
    /// <summary>The root command with every verb group. A new group (labels, PLC…) is one more line here.</summary>
    public static RootCommand CreateRootCommand()
    {
        var root = new RootCommand("tracectl: the Traceability plant engineers' command line. Reads and writes GS1 codes, labels and line devices, and talks to a running line agent.")
        {
            CodesCommands.Create(),
            LabelCommands.Create(),
            PlcCommands.Create(),
            PrinterCommands.Create(),
            ReaderCommands.Create(),
            CaptureCommands.Create(),
            WorkOrderCommands.Create(),
            WorkOrderCommands.CreateReport(),
        };
        foreach (var command in UnitCommands.Create())
        {
            root.Subcommands.Add(command);
        }

        return root;
    }

    /// <summary>
    /// Parses and runs <paramref name="args"/>, writing to <paramref name="stdout"/> and <paramref name="stderr"/> only, so
    /// tests run it in-process. Returns the exit code: 0 success, <see cref="ExitCodes.InvalidInput"/> for a code the verb
    /// rejects, and System.CommandLine's own non-zero code for a usage error (unknown verb, missing argument or option).
    /// </summary>
    public static Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var invocation = new InvocationConfiguration { Output = stdout, Error = stderr };
        return CreateRootCommand().Parse(args).InvokeAsync(invocation, cancellationToken);
    }
}
