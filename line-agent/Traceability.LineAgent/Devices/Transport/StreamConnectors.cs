namespace Traceability.LineAgent.Devices.Transport;

/// <summary>Makes the connector for an endpoint.</summary>
public static class StreamConnectors
{
    /// <summary>A TCP or serial connector for <paramref name="endpoint"/>.</summary>
    public static IStreamConnector Create(DeviceEndpoint endpoint, TimeSpan? connectTimeout = null) => endpoint.Kind switch
    {
        EndpointKind.Tcp => new TcpStreamConnector(endpoint.Host, endpoint.Port, connectTimeout ?? TimeSpan.FromSeconds(5)),
        _ => new SerialStreamConnector(endpoint),
    };
}
