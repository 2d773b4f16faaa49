using Traceability.LineAgent.Devices.Plc;
using Traceability.OpcUa;
using Traceability.Testing;

namespace Traceability.LineAgent.Tests.Devices.Plc;

internal static class PlcTestOptions
{
    /// <summary>PLC options for the simulator; publishing faster than the line so each unit gets its own notification.</summary>
    public static PlcOptions PlcOptions(this PlcSimulator plc) => new()
    {
        Endpoint = plc.Endpoint,
        PublishingInterval = TimeSpan.FromMilliseconds(50),
        RequestTimeout = TimeSpan.FromSeconds(5),
    };

    /// <summary>A second, independent client: the test reads the PLC's side (VerdictAck, LateRejects) as a PLC programmer would.</summary>
    public static Task<OpcUaClient> ProbeAsync(this PlcSimulator plc) =>
        OpcUaClient.ConnectAsync(new OpcUaClientOptions { EndpointUrl = plc.Endpoint, RequestTimeout = TimeSpan.FromSeconds(5) }, CancellationToken.None);

    public static async Task<uint> ReadUInt32Async(this OpcUaClient client, string node) =>
        (uint)(await client.ReadAsync(NodeId.Parse(node), CancellationToken.None))!;

}
