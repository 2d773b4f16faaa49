using Traceability.Testing;

namespace Traceability.OpcUa.Tests;

internal static class PlcSimulatorOptions
{
    /// <summary>Client options for the simulator's endpoint.</summary>
    public static OpcUaClientOptions Options(this PlcSimulator plc) => new()
    {
        EndpointUrl = plc.Endpoint,
        RequestTimeout = TimeSpan.FromSeconds(5),
        ReconnectInitialDelay = TimeSpan.FromMilliseconds(100),
        ReconnectMaxDelay = TimeSpan.FromSeconds(1),
    };
}
