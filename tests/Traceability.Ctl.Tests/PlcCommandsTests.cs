using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Traceability.Testing;

namespace Traceability.Ctl.Tests;

/// <summary>tracectl plc against the node-opcua PLC simulator (simulators/plc-opcua, see its DATASHEET.md).</summary>
public sealed class PlcCommandsTests(PlcSimulator plc) : IClassFixture<PlcSimulator>
{
    [Fact]
    public async Task Read_prints_the_value_with_its_type_and_status()
    {
        var outcome = await Tracectl.RunAsync("plc", "read", "--endpoint", plc.Endpoint, "--node", "ns=1;s=Line.CaseSize");

        Assert.Equal((0, ""), (outcome.ExitCode, outcome.Stderr));
        using var json = JsonDocument.Parse(outcome.Stdout);
        Assert.Equal("ns=1;s=Line.CaseSize", json.RootElement.GetProperty("node").GetString());
        Assert.Equal("UInt32", json.RootElement.GetProperty("type").GetString());
        Assert.Equal(10, json.RootElement.GetProperty("value").GetInt32());
        Assert.Equal("Good", json.RootElement.GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("ns=1;s=Test.Int32", "-42", "Int32", "-42")]
    [InlineData("ns=1;s=Test.Double", "60.5", "Double", "60.5")]
    [InlineData("ns=1;s=Test.Boolean", "true", "Boolean", "true")]
    [InlineData("ns=1;s=Test.String", "Q7XK2M9PZR4T", "String", "\"Q7XK2M9PZR4T\"")]
    public async Task Write_without_type_converts_to_the_nodes_type_and_reads_back(string node, string value, string type, string json)
    {
        var write = await Tracectl.RunAsync("plc", "write", "--endpoint", plc.Endpoint, "--node", node, "--value", value);
        var read = await Tracectl.RunAsync("plc", "read", "--endpoint", plc.Endpoint, "--node", node);

        Assert.Equal((0, ""), (write.ExitCode, write.Stderr));
        Assert.Equal($"{{\"node\":\"{node}\",\"type\":\"{type}\",\"value\":{json},\"status\":\"Good\"}}", write.Stdout.TrimEnd());
        Assert.Equal(0, read.ExitCode);
        Assert.Contains($"\"type\":\"{type}\",\"value\":{json},", read.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Write_with_an_explicit_type_writes_that_type()
    {
        var outcome = await Tracectl.RunAsync("plc", "write", "-e", plc.Endpoint, "-n", "ns=1;s=Test.UInt16", "-v", "65535", "--type", "UInt16");

        Assert.Equal((0, ""), (outcome.ExitCode, outcome.Stderr));
        Assert.Contains("\"value\":65535", outcome.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Write_of_the_wrong_type_is_refused_by_the_server_with_BadTypeMismatch()
    {
        var outcome = await Tracectl.RunAsync("plc", "write", "--endpoint", plc.Endpoint, "--node", "ns=1;s=Test.Int32", "--value", "12", "--type", "String");

        Assert.Equal((ExitCodes.InvalidInput, ""), (outcome.ExitCode, outcome.Stdout));
        Assert.Contains("Write ns=1;s=Test.Int32: BadTypeMismatch", outcome.Stderr, StringComparison.Ordinal);
        Assert.Contains(plc.Endpoint, outcome.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Write_of_text_that_is_not_the_nodes_type_names_the_value_and_the_type()
    {
        var outcome = await Tracectl.RunAsync("plc", "write", "--endpoint", plc.Endpoint, "--node", "ns=1;s=Test.Int32", "--value", "twelve");

        Assert.Equal((ExitCodes.InvalidInput, ""), (outcome.ExitCode, outcome.Stdout));
        Assert.Contains("Write ns=1;s=Test.Int32: --value \"twelve\" is not a Int32", outcome.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Browse_lists_the_objects_folder_then_the_line()
    {
        var objects = await Tracectl.RunAsync("plc", "browse", "--endpoint", plc.Endpoint);
        var line = await Tracectl.RunAsync("plc", "browse", "--endpoint", plc.Endpoint, "--node", "ns=1;s=Line");

        Assert.Equal((0, ""), (objects.ExitCode, objects.Stderr));
        Assert.Contains("{\"browseName\":\"1:Line\",\"nodeId\":\"ns=1;s=Line\",\"nodeClass\":\"Object\",\"displayName\":\"Line\"}", Lines(objects.Stdout));
        Assert.Equal((0, ""), (line.ExitCode, line.Stderr));
        var children = Lines(line.Stdout).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Contains(children, c => c.GetProperty("nodeId").GetString() == "ns=1;s=Line.UnitCounter" && c.GetProperty("nodeClass").GetString() == "Variable");
        Assert.Contains(children, c => c.GetProperty("browseName").GetString() == "1:VerdictAck");
    }

    [Fact]
    public async Task Watch_prints_count_changes_of_the_running_counter_as_json_lines()
    {
        var outcome = await Tracectl.RunAsync("plc", "watch", "--endpoint", plc.Endpoint, "--node", "ns=1;s=Line.UnitCounter", "--count", "3", "--interval-ms", "50");

        Assert.Equal((0, ""), (outcome.ExitCode, outcome.Stderr));
        var values = Lines(outcome.Stdout).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(3, values.Count);
        Assert.All(values, v => Assert.Equal(("ns=1;s=Line.UnitCounter", "UInt32"), (v.GetProperty("node").GetString(), v.GetProperty("type").GetString())));
        var counts = values.Select(v => v.GetProperty("value").GetUInt32()).ToList();
        Assert.Equal(counts.Order(), counts);
        Assert.True(counts[2] > counts[0], $"the counter did not advance: {string.Join(", ", counts)}");
    }

    [Fact]
    public async Task Watch_of_several_nodes_starts_with_each_current_value()
    {
        var outcome = await Tracectl.RunAsync("plc", "watch", "-e", plc.Endpoint, "-n", "ns=1;s=Line.CaseSize", "-n", "ns=1;s=Test.Guid", "--count", "2");

        Assert.Equal((0, ""), (outcome.ExitCode, outcome.Stderr));
        Assert.Equal(["ns=1;s=Line.CaseSize", "ns=1;s=Test.Guid"], Lines(outcome.Stdout).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("node").GetString()).Order());
    }

    [Theory]
    [InlineData("read")]
    [InlineData("watch")]
    [InlineData("browse")]
    public async Task An_unknown_node_is_BadNodeIdUnknown_naming_the_node_and_the_endpoint(string verb)
    {
        var outcome = await Tracectl.RunAsync("plc", verb, "--endpoint", plc.Endpoint, "--node", "ns=1;s=Line.NoSuchTag");

        Assert.Equal((ExitCodes.InvalidInput, ""), (outcome.ExitCode, outcome.Stdout));
        Assert.Contains("ns=1;s=Line.NoSuchTag", outcome.Stderr, StringComparison.Ordinal);
        Assert.Contains("BadNodeIdUnknown", outcome.Stderr, StringComparison.Ordinal);
        Assert.Contains(plc.Endpoint, outcome.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_malformed_node_id_is_rejected_before_connecting()
    {
        var outcome = await Tracectl.RunAsync("plc", "read", "--endpoint", plc.Endpoint, "--node", "ns=1;x=Line.Speed");

        Assert.Equal((ExitCodes.InvalidInput, ""), (outcome.ExitCode, outcome.Stdout));
        Assert.Contains("--node: \"ns=1;x=Line.Speed\" is not a node id", outcome.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_endpoint_names_the_endpoint()
    {
        var endpoint = $"opc.tcp://127.0.0.1:{ClosedPort()}/UA/Plc";

        var outcome = await Tracectl.RunAsync("plc", "read", "--endpoint", endpoint, "--node", "ns=1;s=Line.Speed");

        Assert.Equal((ExitCodes.InvalidInput, ""), (outcome.ExitCode, outcome.Stdout));
        Assert.Contains($"Connect {endpoint}", outcome.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_endpoint_that_is_not_opc_tcp_is_rejected()
    {
        var outcome = await Tracectl.RunAsync("plc", "read", "--endpoint", "http://127.0.0.1:4840", "--node", "ns=1;s=Line.Speed");

        Assert.Equal((ExitCodes.InvalidInput, ""), (outcome.ExitCode, outcome.Stdout));
        Assert.Contains("not an opc.tcp:// endpoint URL", outcome.Stderr, StringComparison.Ordinal);
    }

    internal static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    internal static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
