using Traceability.Testing;
using static Traceability.OpcUa.Tests.TestCancellation;
namespace Traceability.OpcUa.Tests;

public sealed class ClientTests(PlcSimulator plc) : IClassFixture<PlcSimulator>
{
    private static NodeId Test(string name) => NodeId.Parse($"ns=1;s=Test.{name}");

    public static TheoryData<string, object> RoundTrips => new()
    {
        { "Boolean", false },
        { "SByte", (sbyte)-100 },
        { "Byte", (byte)7 },
        { "Int16", (short)-1234 },
        { "UInt16", (ushort)65000 },
        { "Int32", -123456789 },
        { "UInt32", 3000000000u },
        { "Int64", -9000000000000000000L },
        { "UInt64", 18000000000000000000UL },
        { "Float", 2.25f },
        { "Double", -1e-300 },
        { "String", "Grüße, Ω" },
        { "DateTime", new DateTime(2026, 11, 25, 9, 30, 0, 123, DateTimeKind.Utc) },
        { "ByteString", new byte[] { 0, 255, 16 } },
        { "Guid", Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e") },
        { "StatusCode", new StatusCode(0x80340000) },
        { "Int32Array", new[] { 5, -6, 7 } },
        { "DoubleArray", new[] { 1.5, 2.5 } },
        { "StringArray", new[] { "x", "", "z" } },
    };

    [Theory]
    [MemberData(nameof(RoundTrips))]
    public async Task Written_value_reads_back_with_its_type(string variable, object value)
    {
        await using var client = await OpcUaClient.ConnectAsync(plc.Options(), Ct);
        await client.WriteAsync(Test(variable), value, Ct);
        var read = await client.ReadAsync(Test(variable), Ct);
        Assert.Equal(value, read);
        Assert.Equal(value.GetType(), read!.GetType());
    }

    [Fact]
    public async Task Writing_a_read_only_node_names_BadNotWritable()
    {
        await using var client = await OpcUaClient.ConnectAsync(plc.Options(), Ct);
        var e = await Assert.ThrowsAsync<OpcUaException>(() => client.WriteAsync(NodeId.Parse("ns=1;s=Line.UnitCounter"), 5u, Ct));
        Assert.Contains(e.StatusCode.Name, new[] { "BadNotWritable", "BadUserAccessDenied" });
        Assert.StartsWith("Write ns=1;s=Line.UnitCounter: Bad", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Writing_the_wrong_type_names_BadTypeMismatch()
    {
        await using var client = await OpcUaClient.ConnectAsync(plc.Options(), Ct);
        var e = await Assert.ThrowsAsync<OpcUaException>(() => client.WriteAsync(NodeId.Parse("ns=1;s=Line.Speed"), "fast", Ct));
        Assert.Equal("Write ns=1;s=Line.Speed: BadTypeMismatch (0x80740000)", e.Message);
    }

    [Fact]
    public async Task Reading_an_unknown_node_names_BadNodeIdUnknown()
    {
        await using var client = await OpcUaClient.ConnectAsync(plc.Options(), Ct);
        var e = await Assert.ThrowsAsync<OpcUaException>(() => client.ReadAsync(NodeId.Parse("ns=1;s=Line.NoSuchThing"), Ct));
        Assert.Equal("Read ns=1;s=Line.NoSuchThing: BadNodeIdUnknown (0x80340000)", e.Message);
    }

    [Fact]
    public async Task Browse_path_translates_to_the_string_node_id()
    {
        await using var client = await OpcUaClient.ConnectAsync(plc.Options(), Ct);
        Assert.Equal(NodeId.Parse("ns=1;s=Line.UnitCounter"), await client.TranslateAsync("Objects/Line/UnitCounter", Ct));
        Assert.Equal(NodeId.Parse("ns=1;s=Line.Speed"), await client.TranslateAsync("Objects/1:Line/1:Speed", Ct));
        var e = await Assert.ThrowsAsync<OpcUaException>(() => client.TranslateAsync("Objects/Line/Nothing", Ct));
        Assert.Contains(e.StatusCode.Name, new[] { "BadNoMatch", "BadNodeIdUnknown" });
    }

    [Fact]
    public async Task Browse_lists_the_line_variables()
    {
        await using var client = await OpcUaClient.ConnectAsync(plc.Options(), Ct);
        var children = await client.BrowseAsync(NodeId.Parse("ns=1;s=Line"), Ct);
        var names = children.Select(c => c.BrowseName.Name).ToHashSet();
        foreach (var expected in new[] { "ProductPresent", "UnitCounter", "RejectGate", "Running", "Fault", "Speed", "CaseFull", "VerdictSequence", "VerdictGood", "VerdictAck" })
        {
            Assert.Contains(expected, names);
        }

        Assert.All(children.Where(c => c.BrowseName.Name == "UnitCounter"), c => Assert.Equal(NodeClass.Variable, c.NodeClass));
    }

    [Fact]
    public async Task A_read_larger_than_one_chunk_is_reassembled()
    {
        await using var client = await OpcUaClient.ConnectAsync(plc.Options(), Ct);
        var value = (string[])(await client.ReadAsync(Test("BigStringArray"), Ct))!;
        Assert.True(value.Sum(s => s.Length) >= 200 * 1024);
        Assert.Equal("unit-000000-", value[0][..12]);
        Assert.Equal($"unit-{value.Length - 1:000000}-", value[^1][..12]);
    }

    [Fact]
    public async Task A_write_larger_than_one_chunk_is_split()
    {
        await using var client = await OpcUaClient.ConnectAsync(plc.Options(), Ct);
        var big = Enumerable.Range(0, 3000).Select(i => $"s{i:00000}-" + new string('y', 50)).ToArray();
        await client.WriteAsync(Test("StringArray"), big, Ct);
        Assert.Equal(big, await client.ReadAsync(Test("StringArray"), Ct));
    }

    [Fact]
    public async Task Verdict_mailbox_is_latched_by_sequence_number()
    {
        await using var client = await OpcUaClient.ConnectAsync(plc.Options(), Ct);
        var results = await client.WriteValuesAsync(
        [
            (NodeId.Parse("ns=1;s=Line.VerdictGood"), (object)false),
            (NodeId.Parse("ns=1;s=Line.VerdictReason"), "no read"),
            (NodeId.Parse("ns=1;s=Line.VerdictSequence"), 4242u),
        ], Ct);
        Assert.All(results, r => Assert.True(r.IsGood));
        Assert.Equal(4242u, await client.ReadAsync(NodeId.Parse("ns=1;s=Line.VerdictAck"), Ct));
    }

    [Fact]
    public async Task Subscription_receives_counter_increments_at_the_line_rate()
    {
        await using var client = await OpcUaClient.ConnectAsync(plc.Options(), Ct);
        await using var subscription = await client.SubscribeAsync([NodeId.Parse("ns=1;s=Line.UnitCounter")], TimeSpan.FromMilliseconds(50), Ct);
        var values = new List<uint>();
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        cts.CancelAfter(TimeSpan.FromSeconds(20));
        await foreach (var change in subscription.WithCancellation(cts.Token))
        {
            values.Add((uint)change.Value.Value!);
            if (values.Count == 6)
            {
                break;
            }
        }

        // 600 units per minute: one every 100 ms, each notified (publishing 50 ms, sampling 50 ms).
        Assert.Equal(Enumerable.Range(0, 6).Select(i => values[0] + (uint)i), values);
    }

    [Fact]
    public async Task Username_and_password_log_in()
    {
        var options = plc.Options();
        options.UserName = "operator";
        options.Password = "secret";
        await using var client = await OpcUaClient.ConnectAsync(options, Ct);
        Assert.IsType<bool>(await client.ReadAsync(NodeId.Parse("ns=1;s=Line.Running"), Ct));
    }

    [Fact]
    public async Task Wrong_password_is_refused_with_a_named_status()
    {
        var options = plc.Options();
        options.UserName = "operator";
        options.Password = "wrong";
        var e = await Assert.ThrowsAsync<OpcUaException>(() => OpcUaClient.ConnectAsync(options, Ct));
        Assert.StartsWith("ActivateSession", e.Message, StringComparison.Ordinal);
        Assert.StartsWith("Bad", e.StatusCode.Name, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hello_with_too_small_buffers_is_rejected_with_a_named_status()
    {
        var options = plc.Options();
        options.ReceiveBufferSize = 1024;
        var e = await Assert.ThrowsAsync<OpcUaException>(() => OpcUaClient.ConnectAsync(options, Ct));
        Assert.Equal("BadConnectionRejected", e.StatusCode.Name);
        Assert.Contains(plc.Endpoint, e.Message, StringComparison.Ordinal);
    }
}
