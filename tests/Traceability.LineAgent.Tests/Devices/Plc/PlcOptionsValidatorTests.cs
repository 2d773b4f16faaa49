using Traceability.LineAgent.Devices.Plc;

namespace Traceability.LineAgent.Tests.Devices.Plc;

public sealed class PlcOptionsValidatorTests
{
    private static string[] Failures(PlcOptions options) =>
        new PlcOptionsValidator().Validate(null, options).Failures?.ToArray() ?? [];

    [Fact]
    public void Default_node_ids_with_an_endpoint_are_valid()
    {
        Assert.Empty(Failures(new PlcOptions { Endpoint = "opc.tcp://10.0.0.5:4840/UA/Plc" }));
    }

    [Theory]
    [InlineData("")]
    [InlineData("http://10.0.0.5:4840")]
    [InlineData("opc.tcp://10.0.0.5")]
    [InlineData("10.0.0.5:4840")]
    public void An_endpoint_that_is_not_opc_tcp_host_port_is_named(string endpoint)
    {
        var failure = Assert.Single(Failures(new PlcOptions { Endpoint = endpoint }));
        Assert.Equal($"Plc:Endpoint \"{endpoint}\" is not an OPC UA endpoint: expected opc.tcp://host:port", failure);
    }

    [Fact]
    public void A_malformed_node_id_is_named_with_its_option()
    {
        var failure = Assert.Single(Failures(new PlcOptions { Endpoint = "opc.tcp://plc:4840", UnitCounter = "ns=x;s=Line.UnitCounter" }));
        Assert.StartsWith("Plc:UnitCounter \"ns=x;s=Line.UnitCounter\" is not a node id", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_bad_value_is_reported_not_only_the_first()
    {
        var failures = Failures(new PlcOptions
        {
            Endpoint = "opc.tcp://plc:4840",
            VerdictSequence = "",
            Speed = "q=1",
            PublishingInterval = TimeSpan.Zero,
            SamplingInterval = TimeSpan.FromMilliseconds(-5),
            RequestTimeout = TimeSpan.FromSeconds(-1),
        });
        Assert.Collection(
            failures,
            f => Assert.StartsWith("Plc:VerdictSequence \"\" is not a node id", f, StringComparison.Ordinal),
            f => Assert.StartsWith("Plc:Speed \"q=1\" is not a node id", f, StringComparison.Ordinal),
            f => Assert.StartsWith("Plc:PublishingInterval", f, StringComparison.Ordinal),
            f => Assert.StartsWith("Plc:SamplingInterval", f, StringComparison.Ordinal),
            f => Assert.StartsWith("Plc:RequestTimeout", f, StringComparison.Ordinal));
    }
}
