using System.CommandLine;

namespace Traceability.Ctl.Tests;

public sealed class HelpTests
{
    /// <summary>Every command path in tracectl's tree, found by walking it: a verb added later is covered without editing this test.</summary>
    public static TheoryData<string> CommandPaths() => [.. Paths()];

    private static List<string> Paths()
    {
        var paths = new List<string>();
        void Walk(Command command, string path)
        {
            paths.Add(path);
            foreach (var sub in command.Subcommands)
            {
                Walk(sub, path.Length == 0 ? sub.Name : $"{path} {sub.Name}");
            }
        }

        Walk(TracectlApp.CreateRootCommand(), "");
        return paths;
    }

    [Theory]
    [MemberData(nameof(CommandPaths))]
    public async Task Every_verb_has_help(string path)
    {
        string[] args = [.. path.Split(' ', StringSplitOptions.RemoveEmptyEntries), "--help"];

        var outcome = await Tracectl.RunAsync(args);

        Assert.Equal((0, ""), (outcome.ExitCode, outcome.Stderr));
        Assert.Contains("Usage:", outcome.Stdout, StringComparison.Ordinal);
        Assert.Contains("Description:", outcome.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void The_tree_holds_the_codes_label_device_and_agent_verbs()
    {
        Assert.Equal(
            [
                "", "codes", "codes parse", "codes link", "label", "label render", "label preview",
                "plc", "plc browse", "plc read", "plc write", "plc watch",
                "printer", "printer status", "printer print",
                "reader", "reader listen", "capture", "capture record", "capture replay",
                "work-orders", "work-orders list", "work-orders show", "work-orders create", "work-orders start", "work-orders pause", "work-orders close",
                "report", "reprint", "decommission", "sample", "disaggregate",
            ],
            Paths());
    }

    [Fact]
    public async Task An_unknown_verb_is_a_usage_error()
    {
        var outcome = await Tracectl.RunAsync("codez", "parse", "x");

        Assert.Equal(ExitCodes.Usage, outcome.ExitCode);
        Assert.Contains("'codez'", outcome.Stderr, StringComparison.Ordinal);
    }
}
